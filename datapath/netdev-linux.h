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

/* Opens /dev/net/tun and attaches it to tap 'name' (created if missing)
 * with IFF_TAP | IFF_NO_PI | IFF_VNET_HDR, made persistent and owned by
 * root.  Returns the nonblocking fd in '*fdp'. */
int netdev_linux_tap_open(const char *name, int *fdp);

/* Deletes link 'name' with RTM_DELLINK. */
int netdev_linux_delete(const char *name);

#endif /* datapath/netdev-linux.h */
