/* The pipe protocol between vcb-lat_proc and vcb-proc-helper (C and C++).
 * The kernel writes one ProcRequest on the helper's fd 3; the helper performs `count` operations,
 * timing them itself with CLOCK_MONOTONIC, and writes one ProcReply on fd 4. */
#ifndef VCB_PROC_PROTOCOL_H
#define VCB_PROC_PROTOCOL_H

#include <stdint.h>

#define VCB_PROC_REQUEST_FD 3
#define VCB_PROC_REPLY_FD 4

enum { VCB_PROC_FORK = 1, VCB_PROC_EXEC = 2, VCB_PROC_SHELL = 3 };

/* Why an interval failed; 0 means all `count` operations succeeded. */
enum {
  VCB_PROC_OK = 0,
  VCB_PROC_FORK_FAILED = 1,  /* fork() returned -1; errno_value says why */
  VCB_PROC_WAIT_FAILED = 2,  /* waitpid() failed; errno_value says why */
  VCB_PROC_CHILD_FAILED = 3, /* a child did not exit with status 0; wait_status is the raw status */
  VCB_PROC_BAD_REQUEST = 4
};

struct ProcRequest {
  int32_t op;
  int32_t reserved;
  int64_t count;
};

struct ProcReply {
  int64_t elapsed_ns;
  int32_t failure;
  int32_t errno_value;
  int32_t wait_status;
  int32_t cpu; /* sched_getcpu() of the helper after the interval */
};

#endif
