# SPDX-License-Identifier: GPL-2.0
# apt against a Debian suite without touching the machine's apt
# configuration: each suite gets its own sources list and lists directory
# under $KPCPU_CACHE/apt/<suite>, passed to apt with -o options. Sourced by
# lib.sh.
#
#	apt_private bookworm-backports apt-cache policy linux-source-6.12
#	(cd "$dir" && apt_private bookworm apt-get download linux-image-6.1.0-56-amd64=6.1.192-2)
#
# A suite may name a Debian architecture other than the host's as
# <suite>:<arch> (bookworm:arm64): apt then sees that architecture's
# packages only, in lists of their own (apt/<suite>-<arch>).

# The sources of a suite. "bookworm" includes its updates and security
# suites: the newest 6.1 ABI is published there, not in bookworm alone.
apt_private_sources() {
	case "${1%:*}" in
	bookworm)
		echo "deb http://deb.debian.org/debian bookworm main"
		echo "deb http://deb.debian.org/debian bookworm-updates main"
		echo "deb http://deb.debian.org/debian-security bookworm-security main"
		;;
	bookworm-backports)
		echo "deb http://deb.debian.org/debian bookworm-backports main"
		;;
	*) die "apt_private: unknown suite '$1'" ;;
	esac
}

# apt_private_options <suite>: the -o options that point apt at the suite.
apt_private_options() {
	local dir
	dir=$(apt_private_dir "$1")
	printf '%s\n' -o "Dir::Etc::SourceList=$dir/sources.list" -o "Dir::Etc::SourceParts=/dev/null" \
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" \
		-o "Dir::State::status=/dev/null" -o "APT::Sandbox::User=root"
	case "$1" in
	*:*) printf '%s\n' -o "APT::Architecture=${1#*:}" -o "APT::Architectures=${1#*:}" ;;
	esac
}

# apt_private_dir <suite>: where apt keeps the suite's lists and downloads.
apt_private_dir() {
	echo "$KPCPU_CACHE/apt/${1/:/-}"
}

# apt_private_update <suite>: refresh the suite's package lists, at most once
# every 10 minutes (a test run asks many times). If the network fails, lists
# fetched earlier are used, with a warning.
apt_private_update() {
	local dir
	dir=$(apt_private_dir "$1")
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	# One at a time: the test command's guest jobs run side by side.
	(
		flock 9
		apt_private_update_locked "$1" "$dir"
	) 9>"$dir/lock"
}
apt_private_update_locked() {
	local dir=$2 stamp=$2/updated opts
	apt_private_sources "$1" >"$dir/sources.list.new" && mv "$dir/sources.list.new" "$dir/sources.list"
	[ -n "$(find "$stamp" -mmin -10 2>/dev/null)" ] && return 0
	mapfile -t opts < <(apt_private_options "$1")
	if apt-get "${opts[@]}" -qq update >"$dir/update.log" 2>&1; then
		touch "$stamp"
	elif ls "$dir/lists/"*Packages* >/dev/null 2>&1; then
		log "apt $1: update failed, using the lists fetched earlier ($dir/update.log)"
	else
		cat "$dir/update.log" >&2
		die "apt $1: cannot fetch the package lists"
	fi
}

# apt_private <suite> <apt-get|apt-cache> <args...>
apt_private() {
	local suite=$1 opts
	shift
	apt_private_update "$suite"
	mapfile -t opts < <(apt_private_options "$suite")
	"$1" "${opts[@]}" "${@:2}"
}

# apt_private_candidate <suite> <package>: the version apt would pick.
apt_private_candidate() {
	apt_private "$1" apt-cache policy "$2" | sed -n 's/^  Candidate: //p' | grep -v '(none)'
}

# apt_private_depends <suite> <package> <regex>: the first dependency of
# <package> whose name matches <regex>.
apt_private_depends() {
	apt_private "$1" apt-cache depends "$2" | sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: //p' |
		grep -E -x -- "$3" | head -n1
}

# apt_private_fetch <suite> <dir> <package=version...>: download the .debs
# into <dir> (apt-get download; nothing is installed).
apt_private_fetch() {
	local suite=$1 dir=$2
	shift 2
	(cd "$dir" && apt_private "$suite" apt-get download -qq "$@" >/dev/null)
}
