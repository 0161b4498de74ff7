/* Unit tests of the pcapng writer (utilities/pcapng.h): block layout
 * byte by byte, and a file that tshark reads back with the interface
 * names, lengths and directions written. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "utilities/pcapng.h"

static uint32_t
u32_at(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static void
test_layout(void **state)
{
    (void) state;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    const char *names[] = { "p1" };
    uint8_t frame[61];
    memset(frame, 0xab, sizeof frame);
    assert_int_equal(pcapng_write_header(f, names, 1, 1000, 1), 0);
    assert_int_equal(pcapng_write_packet(f, 0, 0x100000002ull, frame,
                                         sizeof frame, 1514,
                                         PCAPNG_DIR_OUTBOUND), 0);
    fclose(f);
    const uint8_t *p = (const uint8_t *) buf;

    /* Section header: 28 bytes, both lengths equal, byte-order magic. */
    assert_int_equal(u32_at(p), 0x0A0D0D0A);
    assert_int_equal(u32_at(p + 4), 28);
    assert_int_equal(u32_at(p + 8), 0x1A2B3C4D);
    assert_int_equal(u32_at(p + 24), 28);
    p += 28;

    /* Interface: linktype, snaplen, if_name "p1" padded, if_tsresol 9. */
    uint32_t idb_len = u32_at(p + 4);
    assert_int_equal(u32_at(p), 1);
    assert_int_equal(idb_len, 20 + 8 + 8 + 4);
    assert_int_equal(p[8], 1);
    assert_int_equal(u32_at(p + 12), 1000);
    assert_int_equal(p[16], 2);
    assert_int_equal(p[18], 2);
    assert_memory_equal(p + 20, "p1\0\0", 4);
    assert_int_equal(p[24], 9);
    assert_int_equal(p[28], 9);
    assert_int_equal(u32_at(p + idb_len - 4), idb_len);
    p += idb_len;

    /* Enhanced packet: timestamps split high/low, lengths, padding to 4,
     * epb_flags outbound (2). */
    uint32_t epb_len = u32_at(p + 4);
    assert_int_equal(u32_at(p), 6);
    assert_int_equal(epb_len, 28 + 64 + 8 + 4 + 4);
    assert_int_equal(u32_at(p + 12), 1);
    assert_int_equal(u32_at(p + 16), 2);
    assert_int_equal(u32_at(p + 20), 61);
    assert_int_equal(u32_at(p + 24), 1514);
    assert_int_equal(p[28 + 61], 0);
    assert_int_equal(p[28 + 64], 2);
    assert_int_equal(u32_at(p + 28 + 64 + 4), 2);
    assert_int_equal(u32_at(p + epb_len - 4), epb_len);
    assert_int_equal(size, 28 + idb_len + epb_len);
    free(buf);
}

static void
test_tshark_reads(void **state)
{
    (void) state;
    if (system("command -v tshark >/dev/null 2>&1")) {
        skip();
    }
    char path[] = "/tmp/sltestpcapng.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    const char *names[] = { "vm1-tap", "eth-uplink" };
    assert_int_equal(pcapng_write_header(f, names, 2, 65535, 1), 0);
    uint8_t frame[60] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1,
        0x08, 0x06,
    };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pcapng_write_packet(
                             f, i % 2, 1700000000ull * 1000000000ull + i,
                             frame, sizeof frame, sizeof frame,
                             i % 2 ? PCAPNG_DIR_OUTBOUND
                             : PCAPNG_DIR_INBOUND), 0);
    }
    fclose(f);

    char *cmd;
    assert_true(asprintf(&cmd, "tshark -r %s -T fields "
                         "-e frame.interface_name -e frame.len "
                         "-e frame.packet_flags_direction 2>/dev/null",
                         path) > 0);
    FILE *p = popen(cmd, "r");
    char out[512] = "";
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    pclose(p);
    free(cmd);
    unlink(path);
    assert_string_equal(out, "vm1-tap\t60\t0x00000001\n"
                             "eth-uplink\t60\t0x00000002\n"
                             "vm1-tap\t60\t0x00000001\n");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_tshark_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
