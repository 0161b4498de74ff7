/* Linux network-device helpers; see netdev-linux.h for the contract. */
#include "datapath/netdev-linux.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/* Runs ioctl 'cmd' on an AF_INET socket with 'ifr' naming 'name'. */
static int
dev_ioctl(const char *name, unsigned long cmd, struct ifreq *ifr)
{
    if (strlen(name) >= IFNAMSIZ) {
        return ENAMETOOLONG;
    }
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return errno;
    }
    strncpy(ifr->ifr_name, name, IFNAMSIZ - 1);
    int error = ioctl(fd, cmd, ifr) < 0 ? errno : 0;
    close(fd);
    return error;
}

int
netdev_linux_get_ifindex(const char *name, int *ifindexp)
{
    struct ifreq ifr = { 0 };
    int error = dev_ioctl(name, SIOCGIFINDEX, &ifr);
    *ifindexp = error ? 0 : ifr.ifr_ifindex;
    return error;
}

int
netdev_linux_set_up(const char *name)
{
    struct ifreq ifr = { 0 };
    int error = dev_ioctl(name, SIOCGIFFLAGS, &ifr);
    if (!error && !(ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags |= IFF_UP;
        error = dev_ioctl(name, SIOCSIFFLAGS, &ifr);
    }
    return error;
}

int
netdev_linux_get_mtu(const char *name, int *mtup)
{
    struct ifreq ifr = { 0 };
    int error = dev_ioctl(name, SIOCGIFMTU, &ifr);
    *mtup = error ? 0 : ifr.ifr_mtu;
    return error;
}

int
netdev_linux_set_mtu(const char *name, int mtu)
{
    struct ifreq ifr = { 0 };
    ifr.ifr_mtu = mtu;
    return dev_ioctl(name, SIOCSIFMTU, &ifr);
}

int
netdev_linux_get_mac(const char *name, uint8_t mac[6])
{
    struct ifreq ifr = { 0 };
    int error = dev_ioctl(name, SIOCGIFHWADDR, &ifr);
    memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
    return error;
}

int
netdev_linux_get_state(const char *name, bool *admin_up, bool *link_up)
{
    struct ifreq ifr = { 0 };
    int error = dev_ioctl(name, SIOCGIFFLAGS, &ifr);
    unsigned int flags = (unsigned short) ifr.ifr_flags;
    *admin_up = !error && (flags & IFF_UP);
    /* IFF_LOWER_UP is not in the 16-bit ifr_flags; IFF_RUNNING is the
     * operational state (carrier and up) that SIOCGIFFLAGS reports. */
    *link_up = !error && (flags & IFF_RUNNING);
    return error;
}

int
netdev_linux_get_status(const char *name, uint8_t mac[6], int *mtup,
                        bool *admin_up, bool *link_up)
{
    int error = netdev_linux_get_mac(name, mac);
    if (!error) {
        error = netdev_linux_get_mtu(name, mtup);
    }
    if (!error) {
        error = netdev_linux_get_state(name, admin_up, link_up);
    }
    return error;
}

int
netdev_linux_tap_open(const char *name, int *fdp)
{
    *fdp = -1;
    if (strlen(name) >= IFNAMSIZ) {
        return ENAMETOOLONG;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        return errno;
    }
    struct ifreq ifr = { 0 };
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    if (ioctl(fd, TUNSETIFF, &ifr) < 0
        || ioctl(fd, TUNSETPERSIST, 1) < 0
        || ioctl(fd, TUNSETOWNER, 0) < 0) {
        int error = errno;
        close(fd);
        return error;
    }
    *fdp = fd;
    return 0;
}

int
netdev_linux_delete(const char *name)
{
    unsigned int ifindex = if_nametoindex(name);
    if (!ifindex) {
        return errno;
    }
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
        return errno;
    }
    struct {
        struct nlmsghdr nlh;
        struct ifinfomsg ifi;
    } req = {
        .nlh = {
            .nlmsg_len = sizeof req,
            .nlmsg_type = RTM_DELLINK,
            .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
            .nlmsg_seq = 1,
        },
        .ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex },
    };
    int error = 0;
    if (send(fd, &req, sizeof req, 0) < 0) {
        error = errno;
    } else {
        char buf[512];
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        const struct nlmsghdr *nlh = (const void *) buf;
        if (n < 0) {
            error = errno;
        } else if (n >= (ssize_t) (sizeof *nlh + sizeof(struct nlmsgerr))
                   && nlh->nlmsg_type == NLMSG_ERROR) {
            const struct nlmsgerr *err = NLMSG_DATA(nlh);
            error = -err->error;
        }
    }
    close(fd);
    return error;
}

/* Reads the integer sysctl "/proc/sys/net/FAMILY/conf/DEV/KEY" into
 * '*valuep'.  Returns 0 or an errno value. */
static int
stack_sysctl_read(const char *family, const char *dev, const char *key,
                  int *valuep)
{
    char path[128];
    snprintf(path, sizeof path, "/proc/sys/net/%s/conf/%s/%s", family, dev,
             key);
    FILE *f = fopen(path, "r");
    if (!f) {
        return errno;
    }
    int ok = fscanf(f, "%d", valuep) == 1;
    fclose(f);
    return ok ? 0 : EINVAL;
}

/* Writes 'value' to the integer sysctl named as in stack_sysctl_read(). */
static int
stack_sysctl_write(const char *family, const char *dev, const char *key,
                   int value)
{
    char path[128];
    snprintf(path, sizeof path, "/proc/sys/net/%s/conf/%s/%s", family, dev,
             key);
    FILE *f = fopen(path, "w");
    if (!f) {
        return errno;
    }
    int ok = fprintf(f, "%d\n", value) > 0;
    return fclose(f) || !ok ? EIO : 0;
}

int
netdev_linux_isolate_stack(const char *name,
                           struct netdev_stack_settings *saved)
{
    saved->arp_ignore = -1;
    saved->disable_ipv6 = -1;

    int error = 0;
    if (!stack_sysctl_read("ipv4", name, "arp_ignore", &saved->arp_ignore)) {
        error = stack_sysctl_write("ipv4", name, "arp_ignore", 8);
    }
    if (!stack_sysctl_read("ipv6", name, "disable_ipv6",
                           &saved->disable_ipv6)) {
        int error6 = stack_sysctl_write("ipv6", name, "disable_ipv6", 1);
        error = error ? error : error6;
    }
    return error;
}

void
netdev_linux_restore_stack(const char *name,
                           const struct netdev_stack_settings *saved)
{
    if (saved->arp_ignore >= 0) {
        stack_sysctl_write("ipv4", name, "arp_ignore", saved->arp_ignore);
    }
    if (saved->disable_ipv6 >= 0) {
        stack_sysctl_write("ipv6", name, "disable_ipv6",
                           saved->disable_ipv6);
    }
}
