/* Small helpers shared by every Sluice module: allocation that cannot
 * fail, container and array macros.  Safe to call from any thread. */
#ifndef SLUICE_UTIL_H
#define SLUICE_UTIL_H 1

#include <stddef.h>
#include <stdarg.h>

#define ARRAY_SIZE(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

/* Given 'POINTER' to the member 'MEMBER' of a 'STRUCT', returns the
 * enclosing struct. */
#define CONTAINER_OF(POINTER, STRUCT, MEMBER)                           \
    ((STRUCT *) (void *) ((char *) (POINTER) - offsetof(STRUCT, MEMBER)))

#define SLUICE_PRINTF(FMT, ARG1) __attribute__((format(printf, FMT, ARG1)))
#define SLUICE_NORETURN __attribute__((noreturn))

/* Memory allocation that aborts the process on exhaustion: a switch that
 * cannot allocate a few bytes of control state cannot do anything useful,
 * and checking every call would hide the real logic. */
void *xmalloc(size_t size);
void *xzalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *format, ...) SLUICE_PRINTF(1, 2);
char *xvasprintf(const char *format, va_list args) SLUICE_PRINTF(1, 0);

/* Prints "PROGRAM: message" to stderr and aborts.  For programming errors
 * only, never for bad input. */
void sluice_abort(const char *format, ...) SLUICE_PRINTF(1, 2)
    SLUICE_NORETURN;

/* Returns the run directory: 'override' if nonnull, else $SLUICE_RUNDIR,
 * else "/run/sluice".  The returned string is static or 'override'. */
const char *sluice_rundir(const char *override);

/* Monotonic time in milliseconds. */
long long time_msec(void);

/* Wall-clock time in milliseconds since the epoch. */
long long time_wall_msec(void);

#endif /* lib/util.h */
