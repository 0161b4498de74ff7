#include "lib/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static struct vlog_module *modules;
static pthread_mutex_t vlog_mutex = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;
static const char *program_name = "sluice";

static const char *const level_names[VLL_N_LEVELS] = {
    "off", "err", "warn", "info", "dbg"
};

void
vlog_register(struct vlog_module *m)
{
    const char *env = getenv("SLUICE_LOG_LEVEL");
    pthread_mutex_lock(&vlog_mutex);
    struct vlog_module **p = &modules;
    while (*p && strcmp((*p)->name, m->name) < 0) {
        p = &(*p)->next;
    }
    m->next = *p;
    *p = m;
    pthread_mutex_unlock(&vlog_mutex);
    if (env && *env) {
        free(vlog_set_levels(env));
    }
}

const char *
vlog_level_to_string(enum vlog_level level)
{
    return level < VLL_N_LEVELS ? level_names[level] : "?";
}

static int
level_from_string(const char *s)
{
    for (int i = 0; i < VLL_N_LEVELS; i++) {
        if (!strcasecmp(s, level_names[i])) {
            return i;
        }
    }
    if (!strcasecmp(s, "debug")) {
        return VLL_DBG;
    }
    if (!strcasecmp(s, "error")) {
        return VLL_ERR;
    }
    if (!strcasecmp(s, "warning")) {
        return VLL_WARN;
    }
    return -1;
}

char *
vlog_set_levels(const char *spec)
{
    const char *colon = strchr(spec, ':');
    char *module = colon ? xstrndup(spec, colon - spec) : xstrdup("ANY");
    const char *level_s = colon ? colon + 1 : spec;
    int level = level_from_string(level_s);
    char *error = NULL;

    if (level < 0) {
        error = xasprintf("unknown log level \"%s\" (known: off, err, "
                          "warn, info, dbg)", level_s);
        goto out;
    }
    bool any = !strcasecmp(module, "ANY");
    bool found = false;
    pthread_mutex_lock(&vlog_mutex);
    for (struct vlog_module *m = modules; m; m = m->next) {
        if (any || !strcmp(m->name, module)) {
            atomic_store(&m->level, level);
            found = true;
        }
    }
    pthread_mutex_unlock(&vlog_mutex);
    if (!found) {
        error = xasprintf("unknown log module \"%s\" (see vlog/list)",
                          module);
    }
out:
    free(module);
    return error;
}

void
vlog_for_each(void (*cb)(const char *, enum vlog_level, void *), void *aux)
{
    pthread_mutex_lock(&vlog_mutex);
    for (struct vlog_module *m = modules; m; m = m->next) {
        cb(m->name, atomic_load(&m->level), aux);
    }
    pthread_mutex_unlock(&vlog_mutex);
}

int
vlog_set_file(const char *path)
{
    FILE *f = fopen(path, "a");
    if (!f) {
        return errno;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    pthread_mutex_lock(&vlog_mutex);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    pthread_mutex_unlock(&vlog_mutex);
    return 0;
}

void
vlog_set_program_name(const char *name)
{
    const char *slash = strrchr(name, '/');
    program_name = slash ? slash + 1 : name;
}

static void
vlog_valist(struct vlog_module *m, enum vlog_level level,
            const char *fmt, va_list args)
{
    struct timespec ts;
    struct tm tm;
    char when[32];

    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);

    char *msg = xvasprintf(fmt, args);
    pthread_mutex_lock(&vlog_mutex);
    fprintf(stderr, "%s|%s.%03ldZ|%s|%s|%s\n", program_name, when,
            ts.tv_nsec / 1000000, m->name, level_names[level], msg);
    if (log_file) {
        fprintf(log_file, "%s.%03ldZ|%s|%s|%s\n", when,
                ts.tv_nsec / 1000000, m->name, level_names[level], msg);
    }
    pthread_mutex_unlock(&vlog_mutex);
    free(msg);
}

void
vlog_log(struct vlog_module *m, enum vlog_level level, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vlog_valist(m, level, fmt, args);
    va_end(args);
}

void
vlog_log_rl(struct vlog_module *m, enum vlog_level level,
            struct vlog_rate_limit *rl, const char *fmt, ...)
{
    long long now = time_msec();
    if (now >= atomic_load(&rl->next_ok)) {
        atomic_store(&rl->next_ok, now + rl->interval_ms);
        atomic_store(&rl->tokens, rl->burst);
        int dropped = atomic_exchange(&rl->dropped, 0);
        if (dropped) {
            vlog_log(m, level, "(%d similar messages suppressed)", dropped);
        }
    }
    if (atomic_fetch_sub(&rl->tokens, 1) <= 0) {
        atomic_fetch_add(&rl->dropped, 1);
        return;
    }
    va_list args;
    va_start(args, fmt);
    vlog_valist(m, level, fmt, args);
    va_end(args);
}
