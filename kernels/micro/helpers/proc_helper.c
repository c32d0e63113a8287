/* vcb-proc-helper: the small process lat_proc forks from.
 *
 * fork() copies the forker's page tables, so its cost grows with the forker's mappings; lmbench
 * forks from a small C process, and so do we: vcb-lat_proc (C++, larger) posix_spawns this helper
 * once and asks it over a pipe for intervals of n operations. The helper times each interval itself
 * (CLOCK_MONOTONIC around the n operations only) and replies with the elapsed nanoseconds.
 *
 * usage: vcb-proc-helper <program-to-exec>   (requests on fd 3, replies on fd 4)
 * Operations: fork  = fork + child _exit(0) + waitpid
 *             exec  = fork + child closes stdout and execve(program) with an empty environment
 *             shell = fork + child closes stdout and execl("/bin/sh", "sh", "-c", program)
 * Every child must exit with status 0, so a failed exec (status 127) fails the interval. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc_protocol.h"

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void run_child(int op, char* program) {
  if (op == VCB_PROC_FORK) _exit(0);
  close(1);
  if (op == VCB_PROC_EXEC) {
    char* argv[] = {program, NULL};
    char* envp[] = {NULL};
    execve(program, argv, envp);
  } else {
    execl("/bin/sh", "sh", "-c", program, (char*)NULL);
  }
  _exit(127);
}

/* One fork/exec/shell operation; fills `reply` and returns non-zero on failure. */
static int one_operation(int op, char* program, struct ProcReply* reply) {
  const pid_t pid = fork();
  if (pid < 0) {
    reply->failure = VCB_PROC_FORK_FAILED;
    reply->errno_value = errno;
    return 1;
  }
  if (pid == 0) run_child(op, program);
  int status = 0;
  while (waitpid(pid, &status, 0) != pid) {
    if (errno == EINTR) continue;
    reply->failure = VCB_PROC_WAIT_FAILED;
    reply->errno_value = errno;
    return 1;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    reply->failure = VCB_PROC_CHILD_FAILED;
    reply->wait_status = status;
    return 1;
  }
  return 0;
}

static void run_interval(const struct ProcRequest* req, char* program, struct ProcReply* reply) {
  if (req->op < VCB_PROC_FORK || req->op > VCB_PROC_SHELL || req->count <= 0) {
    reply->failure = VCB_PROC_BAD_REQUEST;
    return;
  }
  const int64_t start = now_ns();
  for (int64_t i = 0; i < req->count; ++i)
    if (one_operation(req->op, program, reply)) return;
  reply->elapsed_ns = now_ns() - start;
  reply->cpu = sched_getcpu();
}

static int read_full(int fd, void* buf, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = read(fd, (char*)buf + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    done += (size_t)n;
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: vcb-proc-helper <program-to-exec> (requests on fd 3, replies on fd 4)\n");
    return 2;
  }
  /* The protocol pipes must not leak into exec'd children. */
  if (fcntl(VCB_PROC_REQUEST_FD, F_SETFD, FD_CLOEXEC) != 0 ||
      fcntl(VCB_PROC_REPLY_FD, F_SETFD, FD_CLOEXEC) != 0) {
    perror("vcb-proc-helper: fds 3 and 4 must be the protocol pipes");
    return 2;
  }
  struct ProcRequest req;
  /* EOF on the request pipe means the kernel is done (or gone): exit quietly. */
  while (read_full(VCB_PROC_REQUEST_FD, &req, sizeof req) == 0) {
    struct ProcReply reply = {0, VCB_PROC_OK, 0, 0, -1};
    run_interval(&req, argv[1], &reply);
    if (write(VCB_PROC_REPLY_FD, &reply, sizeof reply) != (ssize_t)sizeof reply) {
      perror("vcb-proc-helper: reply");
      return 1;
    }
  }
  return 0;
}
