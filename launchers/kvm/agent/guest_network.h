/* The guest side of the MPI guests' network: the agent loads the NIC driver modules the host put
 * into the initramfs and gives the NIC the address named on the kernel command line. */
#pragma once
#include <stddef.h>

/* Brings lo up (Open MPI's daemons talk over it even on one node). */
void guest_loopback_up(void);

/* Names the guest "vcb.host=NAME" from the kernel command line, else "vcb-guest": the kernel's
 * "(none)" is a name Open MPI's mpirun refuses, and distinct names keep nodes apart in its output. */
void guest_hostname(void);

/* With "vcb.ip=A.B.C.D/P" on /proc/cmdline: loads every .ko of
 * /vcb/modules in name order (the host numbered them in modules.dep order), waits for the first
 * non-loopback interface, and sets its address, netmask and flags.
 * Returns 1 when configured, 0 when the command line asks for no network, -1 on failure (why in
 * `error`). */
int guest_network_up(char *error, size_t error_size);
