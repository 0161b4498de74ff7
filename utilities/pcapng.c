/* pcapng writer: see utilities/pcapng.h. */
#include "utilities/pcapng.h"

#include <errno.h>
#include <string.h>

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define OPT_ENDOFOPT 0
#define OPT_IF_NAME 2
#define OPT_IF_TSRESOL 9
#define OPT_EPB_FLAGS 2

static size_t
pad4(size_t n)
{
    return (n + 3) & ~(size_t) 3;
}

static int
put(FILE *f, const void *p, size_t n)
{
    return fwrite(p, 1, n, f) == n ? 0 : (errno ? errno : EIO);
}

static int
put32(FILE *f, uint32_t v)
{
    return put(f, &v, 4);
}

static int
put_padding(FILE *f, size_t n)
{
    static const uint8_t zeros[4];
    return put(f, zeros, pad4(n) - n);
}

/* Writes option 'code' with the 'len' bytes of 'value', padded. */
static int
put_option(FILE *f, uint16_t code, const void *value, uint16_t len)
{
    uint16_t hdr[2] = { code, len };
    int error = put(f, hdr, sizeof hdr);
    return (error ? error
            : (error = put(f, value, len)) ? error : put_padding(f, len));
}

int
pcapng_write_header(FILE *f, const char *const *ifnames, size_t n,
                    uint32_t snaplen, uint16_t linktype)
{
    uint32_t shb[3] = { BT_SHB, 28, BYTE_ORDER_MAGIC };
    uint16_t version[2] = { 1, 0 };
    int64_t section_len = -1;           /* Unknown. */
    int error = put(f, shb, sizeof shb);
    error = error ? error : put(f, version, sizeof version);
    error = error ? error : put(f, &section_len, sizeof section_len);
    error = error ? error : put32(f, 28);

    for (size_t i = 0; i < n && !error; i++) {
        size_t name_len = strlen(ifnames[i]);
        if (name_len > 255) {
            name_len = 255;
        }
        uint32_t len = 20 + 4 + pad4(name_len) + 4 + 4 + 4;
        uint16_t lt[2] = { linktype, 0 };
        uint8_t tsresol = 9;
        error = put32(f, BT_IDB);
        error = error ? error : put32(f, len);
        error = error ? error : put(f, lt, sizeof lt);
        error = error ? error : put32(f, snaplen);
        error = error ? error : put_option(f, OPT_IF_NAME, ifnames[i],
                                           name_len);
        error = error ? error : put_option(f, OPT_IF_TSRESOL, &tsresol, 1);
        error = error ? error : put_option(f, OPT_ENDOFOPT, NULL, 0);
        error = error ? error : put32(f, len);
    }
    return error;
}

int
pcapng_write_packet(FILE *f, uint32_t if_id, uint64_t ts_ns,
                    const void *data, uint32_t caplen, uint32_t origlen,
                    enum pcapng_direction dir)
{
    uint32_t len = 28 + pad4(caplen) + 8 + 4 + 4;
    uint32_t hdr[7] = {
        BT_EPB, len, if_id, (uint32_t) (ts_ns >> 32), (uint32_t) ts_ns,
        caplen, origlen,
    };
    uint32_t flags = dir & 3;
    int error = put(f, hdr, sizeof hdr);
    error = error ? error : put(f, data, caplen);
    error = error ? error : put_padding(f, caplen);
    error = error ? error : put_option(f, OPT_EPB_FLAGS, &flags, 4);
    error = error ? error : put_option(f, OPT_ENDOFOPT, NULL, 0);
    error = error ? error : put32(f, len);
    return error;
}
