/* What the remote-start service of the MPI guests and its client (vcb_guest_rsh.c) agree on.
 * The service speaks the agent's own protocol (see vcb_kvm_agent.c) over one TCP connection per
 * command, so the client sends one "R" line and reads "O"/"E" frames until the "X" frame. */
#pragma once

/* The guests' network is private to them (a multicast group on the host's loopback), so a fixed
 * port collides with nothing. */
#define VCB_RSH_PORT 7079
