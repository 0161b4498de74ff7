/* libFuzzer target for the JSON-RPC framer (lib/jsonrpc.h): feeds the
 * input to jsonrpc_framer_next() twice, once whole and once split into
 * chunks at points chosen by the input's first two bytes (as a socket
 * might deliver it), and checks that
 *   - nothing crashes, overreads or leaks (under ASan);
 *   - every JSONRPC_FRAME_OK yields a JSON object or array and every
 *     JSONRPC_FRAME_ERROR a message;
 *   - every result drains bytes and the buffer never grows by itself;
 *   - both feedings produce the same sequence of messages and errors,
 *     so framing does not depend on how the stream was split.
 * A broken check aborts, which libFuzzer reports as a crash.
 *
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined;
 * tests/unit/test-fuzz-replay.c links this file too and replays the
 * committed corpus (tests/fuzz/corpus/jsonrpc/) in make check. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <jansson.h>

#include "lib/jsonrpc.h"
#include "lib/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with 'what' if 'ok' is false. */
static void
check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz-jsonrpc: check failed: %s\n", what);
        abort();
    }
}

/* Runs the framer over 'buf' until it needs more input, appending one
 * line per result to 'log' ("OK <compact json>" or "ERROR"). */
static void
drain(struct jsonrpc_framer *framer, struct evbuffer *buf, json_t *log)
{
    for (;;) {
        size_t before = evbuffer_get_length(buf);
        json_t *msg = NULL;
        char *error = NULL;
        enum jsonrpc_frame_result r = jsonrpc_framer_next(framer, buf, &msg,
                                                          &error);
        size_t after = evbuffer_get_length(buf);
        check(after <= before, "framer grew the buffer");
        if (r == JSONRPC_FRAME_NEED_MORE) {
            check(!msg && !error, "NEED_MORE with a result");
            return;
        }
        check(after < before, "a result that consumed nothing");
        if (r == JSONRPC_FRAME_OK) {
            check(msg && !error, "OK without a message");
            check(json_is_object(msg) || json_is_array(msg),
                  "OK with a message that is not an object or array");
            char *text = json_dumps(msg, JSON_COMPACT | JSON_SORT_KEYS
                                    | JSON_ENCODE_ANY);
            check(text != NULL, "message cannot be serialised");
            json_array_append_new(log, json_sprintf("OK %s", text));
            free(text);
            json_decref(msg);
        } else {
            check(r == JSONRPC_FRAME_ERROR, "unknown result");
            check(error && *error && !msg, "ERROR without a message");
            json_array_append_new(log, json_string("ERROR"));
            free(error);
        }
    }
}

/* Feeds 'data' to a fresh framer in chunks: the chunk lengths cycle
 * through 'pattern' (each 1..16, 0 meaning the whole input at once). */
static json_t *
feed(const uint8_t *data, size_t size, unsigned int pattern)
{
    struct jsonrpc_framer framer;
    struct evbuffer *buf = evbuffer_new();
    json_t *log = json_array();

    memset(&framer, 0, sizeof framer);
    for (size_t ofs = 0, i = 0; ofs < size; i++) {
        size_t n = pattern ? ((pattern >> (4 * (i % 4))) & 15) + 1 : size;
        if (n > size - ofs) {
            n = size - ofs;
        }
        evbuffer_add(buf, data + ofs, n);
        ofs += n;
        drain(&framer, buf, log);
    }
    evbuffer_free(buf);
    return log;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) {
        return 0;
    }
    unsigned int pattern = data[0] | (data[1] << 8);
    data += 2;
    size -= 2;

    json_t *whole = feed(data, size, 0);
    json_t *split = feed(data, size, pattern | 1);
    check(json_equal(whole, split),
          "split feeding framed differently from whole feeding");
    json_decref(whole);
    json_decref(split);
    return 0;
}
