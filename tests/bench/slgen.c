/* slgen: a 64-byte UDP traffic generator for Sluice's benchmarks (not part
 * of Sluice, not run by "make check").
 *
 *   slgen send -i IFACE -d DST_MAC [-s SRC_MAC] -S SRC_IP -D DST_IP
 *              [-f FLOWS] [-r PPS] [-t SECONDS] [-n COUNT] [-l FRAME_LEN]
 *     Blasts pre-built UDP frames (FRAME_LEN bytes without the FCS,
 *     default 60: 64 bytes on the wire; source MAC IFACE's unless
 *     SRC_MAC; UDP destination port 9) out of IFACE for SECONDS (default
 *     5) or until COUNT frames went out, at PPS frames per second
 *     (default 0: as fast as possible), with
 *     the UDP source port cycling over FLOWS values (default 1) so that
 *     a switch sees FLOWS distinct flows.  It uses an AF_PACKET socket
 *     with PACKET_QDISC_BYPASS and sendmmsg() in batches of 256, so it
 *     costs far less CPU per frame than a UDP socket sender (iperf3).
 *     Prints "sent N frames in S s: R pps (E errors)".
 *
 *   slgen count -i IFACE [-t SECONDS]
 *     Reads IFACE's rx_packets counter (sysfs, so it counts in the kernel
 *     what reached the device, whatever the protocol stack then does with
 *     it), waits SECONDS (default 5), reads it again and prints
 *     "received N frames in S s: R pps".
 *
 *   slgen rx -i IFACE
 *     Prints IFACE's rx_packets counter (for before/after measurements
 *     around another command).
 *
 * Single-threaded; exits 0 on success, 1 on a usage or setup error. */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#define BATCH 256
#define MAX_FRAME 1514
#define MAX_FLOWS 65536

static double
now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
fail(const char *msg)
{
    fprintf(stderr, "slgen: %s\n", msg);
    exit(1);
}

static void
usage(void)
{
    fprintf(stderr,
            "usage: slgen send -i IFACE -d DST_MAC [-s SRC_MAC] -S SRC_IP "
            "-D DST_IP [-f FLOWS] [-r PPS] [-t SECONDS] [-n COUNT] "
            "[-l FRAME_LEN]\n"
            "       slgen count -i IFACE [-t SECONDS]\n"
            "       slgen rx -i IFACE\n");
    exit(1);
}

/* Returns IFACE's rx_packets counter. */
static uint64_t
read_rx_packets(const char *iface)
{
    char path[128];
    snprintf(path, sizeof path, "/sys/class/net/%s/statistics/rx_packets",
             iface);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "slgen: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    unsigned long long v = 0;
    if (fscanf(f, "%llu", &v) != 1) {
        fail("cannot parse rx_packets");
    }
    fclose(f);
    return v;
}

static bool
parse_mac(const char *s, uint8_t mac[6])
{
    unsigned int b[6];
    if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
               &b[5]) != 6) {
        return false;
    }
    for (int i = 0; i < 6; i++) {
        mac[i] = b[i];
    }
    return true;
}

static uint16_t
ip_checksum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < len; i += 2) {
        sum += (uint32_t) (p[i] << 8 | p[i + 1]);
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t) ~sum;
}

/* Builds a 'len'-byte Ethernet/IPv4/UDP frame into 'f'. */
static void
build_frame(uint8_t *f, size_t len, const uint8_t dst[6],
            const uint8_t src[6], struct in_addr sip, struct in_addr dip,
            uint16_t sport, uint16_t dport)
{
    memset(f, 0, len);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08;
    f[13] = 0x00;

    uint8_t *ip = f + 14;
    size_t ip_len = len - 14;
    ip[0] = 0x45;
    ip[2] = ip_len >> 8;
    ip[3] = ip_len & 0xff;
    ip[6] = 0x40;               /* Don't fragment. */
    ip[8] = 64;
    ip[9] = 17;
    memcpy(ip + 12, &sip, 4);
    memcpy(ip + 16, &dip, 4);
    uint16_t csum = ip_checksum(ip, 20);
    ip[10] = csum >> 8;
    ip[11] = csum & 0xff;

    uint8_t *udp = ip + 20;
    size_t udp_len = ip_len - 20;
    udp[0] = sport >> 8;
    udp[1] = sport & 0xff;
    udp[2] = dport >> 8;
    udp[3] = dport & 0xff;
    udp[4] = udp_len >> 8;
    udp[5] = udp_len & 0xff;
    /* UDP checksum 0: none, valid for IPv4. */
}

static int
open_tx_socket(const char *iface, uint8_t src_mac[6])
{
    int fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0) {
        fail("cannot create packet socket (are you root?)");
    }
    unsigned int ifindex = if_nametoindex(iface);
    if (!ifindex) {
        fprintf(stderr, "slgen: no interface %s\n", iface);
        exit(1);
    }
    struct sockaddr_ll sll = {
        .sll_family = AF_PACKET,
        .sll_protocol = 0,          /* Transmit only. */
        .sll_ifindex = ifindex,
    };
    if (bind(fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
        fail("cannot bind packet socket");
    }
    int one = 1;
    if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
                   sizeof one) < 0) {
        fprintf(stderr, "slgen: PACKET_QDISC_BYPASS: %s (continuing)\n",
                strerror(errno));
    }
    int sndbuf = 4 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof sndbuf);

    char path[128];
    snprintf(path, sizeof path, "/sys/class/net/%s/address", iface);
    FILE *f = fopen(path, "r");
    char buf[32];
    if (!f || !fgets(buf, sizeof buf, f) || !parse_mac(buf, src_mac)) {
        fail("cannot read the interface's MAC address");
    }
    fclose(f);
    return fd;
}

static int
cmd_send(const char *iface, const char *dst_mac, const char *src_mac,
         const char *src_ip, const char *dst_ip, long flows, double rate,
         double secs, long frame_len, long count)
{
    uint8_t dst[6], src[6];
    struct in_addr sip, dip;
    if (!dst_mac || !parse_mac(dst_mac, dst)) {
        fail("-d DST_MAC is required (aa:bb:cc:dd:ee:ff)");
    }
    if (!src_ip || !dst_ip || !inet_aton(src_ip, &sip)
        || !inet_aton(dst_ip, &dip)) {
        fail("-S SRC_IP and -D DST_IP are required (IPv4)");
    }
    if (flows < 1 || flows > MAX_FLOWS) {
        fail("-f FLOWS must be 1..65536");
    }
    if (frame_len < 42 || frame_len > MAX_FRAME) {
        fail("-l FRAME_LEN must be 42..1514");
    }
    int fd = open_tx_socket(iface, src);
    if (src_mac && !parse_mac(src_mac, src)) {
        fail("-s SRC_MAC must look like aa:bb:cc:dd:ee:ff");
    }

    uint8_t *frames = malloc((size_t) flows * frame_len);
    if (!frames) {
        fail("out of memory");
    }
    for (long i = 0; i < flows; i++) {
        build_frame(frames + i * frame_len, frame_len, dst, src, sip, dip,
                    (uint16_t) (10000 + i), 9);
    }

    static struct mmsghdr msgs[BATCH];
    static struct iovec iov[BATCH];
    long next_flow = 0;
    uint64_t sent = 0, errors = 0;
    double start = now_sec(), end = start + secs, t = start;
    while (t < end && (!count || sent + errors < (uint64_t) count)) {
        size_t n = BATCH;
        if (count && (uint64_t) count - sent - errors < n) {
            n = count - sent - errors;
        }
        if (rate > 0) {
            /* Send what the schedule allows by now; sleep if ahead. */
            double due = (t - start) * rate - (double) (sent + errors);
            if (due < 1) {
                struct timespec ts = { 0, 50 * 1000 };
                nanosleep(&ts, NULL);
                t = now_sec();
                continue;
            }
            if (due < n) {
                n = (size_t) due;
            }
        }
        for (size_t i = 0; i < n; i++) {
            iov[i].iov_base = frames + next_flow * frame_len;
            iov[i].iov_len = frame_len;
            msgs[i].msg_hdr = (struct msghdr) {
                .msg_iov = &iov[i], .msg_iovlen = 1,
            };
            if (++next_flow == flows) {
                next_flow = 0;
            }
        }
        size_t done = 0;
        while (done < n) {
            int r = sendmmsg(fd, &msgs[done], n - done, 0);
            if (r > 0) {
                done += r;
                sent += r;
            } else {
                /* The frame at 'done' was refused (e.g. ENOBUFS). */
                errors++;
                done++;
            }
        }
        t = now_sec();
    }
    double elapsed = now_sec() - start;
    printf("sent %" PRIu64 " frames in %.3f s: %.0f pps (%" PRIu64
           " errors)\n", sent, elapsed, sent / elapsed, errors);
    free(frames);
    close(fd);
    return 0;
}

static int
cmd_count(const char *iface, double secs)
{
    uint64_t before = read_rx_packets(iface);
    double start = now_sec();
    struct timespec ts = {
        .tv_sec = (time_t) secs,
        .tv_nsec = (long) ((secs - (time_t) secs) * 1e9),
    };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
        continue;
    }
    uint64_t after = read_rx_packets(iface);
    double elapsed = now_sec() - start;
    printf("received %" PRIu64 " frames in %.3f s: %.0f pps\n",
           after - before, elapsed, (after - before) / elapsed);
    return 0;
}

int
main(int argc, char *argv[])
{
    if (argc < 2) {
        usage();
    }
    const char *cmd = argv[1];
    const char *iface = NULL, *dst_mac = NULL, *src_ip = NULL;
    const char *dst_ip = NULL;
    const char *src_mac = NULL;
    long flows = 1, frame_len = 60, count = 0;
    double rate = 0, secs = 5;
    int c;
    optind = 2;
    while ((c = getopt(argc, argv, "i:d:s:S:D:f:r:t:l:n:")) != -1) {
        if (c == 'i') {
            iface = optarg;
        } else if (c == 'd') {
            dst_mac = optarg;
        } else if (c == 'S') {
            src_ip = optarg;
        } else if (c == 'D') {
            dst_ip = optarg;
        } else if (c == 'f') {
            flows = strtol(optarg, NULL, 10);
        } else if (c == 'r') {
            rate = strtod(optarg, NULL);
        } else if (c == 't') {
            secs = strtod(optarg, NULL);
        } else if (c == 'l') {
            frame_len = strtol(optarg, NULL, 10);
        } else if (c == 's') {
            src_mac = optarg;
        } else if (c == 'n') {
            count = strtol(optarg, NULL, 10);
        } else {
            usage();
        }
    }
    if (secs <= 0) {
        usage();
    }
    if (!iface) {
        usage();
    } else if (!strcmp(cmd, "send")) {
        return cmd_send(iface, dst_mac, src_mac, src_ip, dst_ip, flows, rate,
                        secs, frame_len, count);
    } else if (!strcmp(cmd, "count")) {
        return cmd_count(iface, secs);
    } else if (!strcmp(cmd, "rx")) {
        printf("%" PRIu64 "\n", read_rx_packets(iface));
        return 0;
    }
    usage();
    return 1;
}
