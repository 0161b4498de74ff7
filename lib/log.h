/* Logging with per-module levels, in the manner of OVS's vlog.
 *
 * Each source file that logs says VLOG_DEFINE_THIS_MODULE(name) once and
 * then uses VLOG_ERR/WARN/INFO/DBG.  Messages go to stderr (and to a log
 * file if vlog_set_file() was called) as one line:
 *   2026-11-25T10:00:00.123Z|module|WARN|message
 * Levels can be changed at run time (sluice-appctl vlog/set).  Logging is
 * thread-safe; levels are read without locks.  On hot paths use the _RL
 * variants, which allow a burst and then at most a few messages a second. */
#ifndef SLUICE_LOG_H
#define SLUICE_LOG_H 1

#include <stdbool.h>
#include <stdatomic.h>
#include "lib/util.h"

enum vlog_level {
    VLL_OFF,
    VLL_ERR,
    VLL_WARN,
    VLL_INFO,
    VLL_DBG,
    VLL_N_LEVELS
};

struct vlog_module {
    const char *name;
    _Atomic int level;
    struct vlog_module *next;
};

/* A token bucket: 'burst' messages, then one per 'interval_ms'. */
struct vlog_rate_limit {
    int burst;
    int interval_ms;
    _Atomic long long next_ok;    /* When the bucket next refills. */
    _Atomic int tokens;
    _Atomic int dropped;
};
#define VLOG_RATE_LIMIT_INIT(BURST, INTERVAL_MS) { (BURST), (INTERVAL_MS), \
                                                   0, (BURST), 0 }

void vlog_register(struct vlog_module *);

#define VLOG_DEFINE_THIS_MODULE(NAME)                                   \
    static struct vlog_module this_module_ = { #NAME, VLL_INFO, NULL }; \
    static void __attribute__((constructor)) vlog_init_##NAME(void)    \
    {                                                                   \
        vlog_register(&this_module_);                                   \
    }

void vlog_log(struct vlog_module *, enum vlog_level, const char *fmt, ...)
    SLUICE_PRINTF(3, 4);
void vlog_log_rl(struct vlog_module *, enum vlog_level,
                 struct vlog_rate_limit *, const char *fmt, ...)
    SLUICE_PRINTF(4, 5);

static inline bool
vlog_is_enabled(const struct vlog_module *m, enum vlog_level level)
{
    return level <= atomic_load_explicit(&m->level, memory_order_relaxed);
}

#define VLOG_(LEVEL, ...)                                               \
    do {                                                                \
        if (vlog_is_enabled(&this_module_, LEVEL)) {                    \
            vlog_log(&this_module_, LEVEL, __VA_ARGS__);                \
        }                                                               \
    } while (0)
#define VLOG_ERR(...) VLOG_(VLL_ERR, __VA_ARGS__)
#define VLOG_WARN(...) VLOG_(VLL_WARN, __VA_ARGS__)
#define VLOG_INFO(...) VLOG_(VLL_INFO, __VA_ARGS__)
#define VLOG_DBG(...) VLOG_(VLL_DBG, __VA_ARGS__)

#define VLOG_RL_(LEVEL, RL, ...)                                        \
    do {                                                                \
        if (vlog_is_enabled(&this_module_, LEVEL)) {                    \
            vlog_log_rl(&this_module_, LEVEL, RL, __VA_ARGS__);         \
        }                                                               \
    } while (0)
#define VLOG_ERR_RL(RL, ...) VLOG_RL_(VLL_ERR, RL, __VA_ARGS__)
#define VLOG_WARN_RL(RL, ...) VLOG_RL_(VLL_WARN, RL, __VA_ARGS__)
#define VLOG_INFO_RL(RL, ...) VLOG_RL_(VLL_INFO, RL, __VA_ARGS__)
#define VLOG_DBG_RL(RL, ...) VLOG_RL_(VLL_DBG, RL, __VA_ARGS__)

/* Returns the name of 'level' ("off", "err", "warn", "info", "dbg"). */
const char *vlog_level_to_string(enum vlog_level);

/* Parses 'spec', "MODULE:LEVEL" or "LEVEL" (meaning every module; "ANY"
 * also names every module), and applies it.  Returns NULL on success, or
 * an error message that the caller must free. */
char *vlog_set_levels(const char *spec);

/* Calls 'cb' for each registered module in name order. */
void vlog_for_each(void (*cb)(const char *name, enum vlog_level, void *aux),
                   void *aux);

/* Also appends log lines to 'path'.  Returns 0 or an errno value. */
int vlog_set_file(const char *path);

/* Prefix for log lines, normally the program name. */
void vlog_set_program_name(const char *name);

#endif /* lib/log.h */
