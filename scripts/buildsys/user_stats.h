/* SPDX-License-Identifier: GPL-2.0 */
/* The user module's statistics (user_stats.cpp). */
#ifndef USER_STATS_H
#define USER_STATS_H

void user_stats_record(unsigned int bucket);

#endif /* USER_STATS_H */
