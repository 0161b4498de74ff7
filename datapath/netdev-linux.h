/* Small Linux network-device helpers for the port providers: ifindex,
 * flags, MTU, MAC, link state, creating persistent taps and deleting
 * links.  They use ioctl and rtnetlink and may sleep, so they belong to
 * the control thread.  Errors are positive errno values. */
#ifndef SLUICE_NETDEV_LINUX_H
#define SLUICE_NETDEV_LINUX_H 1

#include <stdbool.h>
#include <stdint.h>

int netdev_linux_get_ifindex(const char *name, int *ifindexp);
int netdev_linux_set_up(const char *name);
int netdev_linux_get_mtu(const char *name, int *mtup);
int netdev_linux_set_mtu(const char *name, int mtu);
int netdev_linux_get_mac(const char *name, uint8_t mac[6]);

/* Stores IFF_UP in '*admin_up' and IFF_LOWER_UP (carrier) in
 * '*link_up'. */
int netdev_linux_get_state(const char *name, bool *admin_up, bool *link_up);

/* Reads what a port reports about device 'name' in one call: its MAC
 * into 'mac', its MTU into '*mtup' and its state as
 * netdev_linux_get_state() does.  Returns 0 or the first errno value. */
int netdev_linux_get_status(const char *name, uint8_t mac[6], int *mtup,
                            bool *admin_up, bool *link_up);

/* Opens /dev/net/tun and attaches it to tap 'name' (created if missing)
 * with IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, made persistent and owned by
 * root.  Returns the nonblocking fd in '*fdp'. */
int netdev_linux_tap_open(const char *name, int *fdp);

/* Deletes link 'name' with RTM_DELLINK. */
int netdev_linux_delete(const char *name);

/* The host network stack's settings on a device that Sluice attaches as a
 * switch port, saved so they can be put back when the port goes. */
struct netdev_stack_settings {
    int arp_ignore;             /* net.ipv4.conf.DEV.arp_ignore. */
    int disable_ipv6;           /* net.ipv6.conf.DEV.disable_ipv6. */
};

/* Keeps the host's own IP stack off the switch port 'name', as a kernel
 * bridge port is: the host stops answering ARP on it (arp_ignore 8), so a
 * host IP is not reachable "through" the port around the switch, and IPv6
 * is disabled on it, so the host sends no ND/MLD/RS frames out of it
 * behind the switch's back.  Stores the previous values in '*saved'.
 * Returns 0 or the first errno value (the settings are best effort: a
 * device without IPv4 or IPv6 configuration is fine). */
int netdev_linux_isolate_stack(const char *name,
                               struct netdev_stack_settings *saved);

/* Puts back the settings 'saved' by netdev_linux_isolate_stack(). */
void netdev_linux_restore_stack(const char *name,
                                const struct netdev_stack_settings *saved);

#endif /* datapath/netdev-linux.h */
