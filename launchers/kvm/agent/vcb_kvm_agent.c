/* The guest side of the KVM launcher: /init of the initramfs. It mounts proc, sys, dev and a
 * tmpfs scratch, then serves the host over the second serial port (ttyS1 is built into Debian's
 * kernel; virtio-serial would need modules in the initramfs).
 *
 * Protocol, one line per request (host -> guest), arguments hex-encoded so any byte survives:
 *   P <word>          -> "PONG <word>\n" (the host pings until the guest answers: the boot is done;
 *                        the word tells the answer to the last ping from stale ones)
 *   R <hex> <hex> ... -> runs argv; replies with frames "O <n>\n<n bytes>" (stdout),
 *                        "E <n>\n<n bytes>" (stderr), then "X <exit code> <signal>\n"
 *   K                 -> while a command runs: SIGKILL to its process group
 *   Q                 -> sync, "BYE\n", power off (QEMU runs with -no-reboot and exits)
 * Built static so it needs nothing from the appliance and also boots the probe's empty guest.
 *
 * MPI guests (kernel command line "vcb.ip=...", see guest_network.h) also serve the same protocol,
 * minus Q, on TCP port VCB_RSH_PORT: one connection per command, and a closed connection kills the
 * command. That is how mpirun in one guest starts orted in another (client: vcb_guest_rsh.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "guest_network.h"
#include "guest_rsh.h"

#define LINE_MAX_BYTES (256 * 1024)

static int port = -1;
static int port_is_socket = 0; /* a remote-start connection rather than ttyS1 */
static char line[LINE_MAX_BYTES];
static size_t line_len = 0;

static void write_all(const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(port, p, n);
    if (w < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return;
    }
    p += w;
    n -= (size_t)w;
  }
}

static void send_frame(char kind, const char *data, size_t n) {
  char head[32];
  int h = snprintf(head, sizeof head, "%c %zu\n", kind, n);
  write_all(head, (size_t)h);
  write_all(data, n);
}

static void setup_mounts(void) {
  mkdir("/proc", 0755);
  mkdir("/sys", 0755);
  mkdir("/dev", 0755);
  mkdir("/scratch", 01777);
  mkdir("/tmp", 01777);
  mount("proc", "/proc", "proc", 0, NULL);
  mount("sysfs", "/sys", "sysfs", 0, NULL);
  if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0) mount("tmpfs", "/dev", "tmpfs", 0, "mode=0755");
  mount("tmpfs", "/scratch", "tmpfs", 0, "mode=1777");
  mount("tmpfs", "/tmp", "tmpfs", 0, "mode=1777");
  if (access("/dev/ttyS1", F_OK) != 0) mknod("/dev/ttyS1", S_IFCHR | 0600, makedev(4, 65));
  if (access("/dev/null", F_OK) != 0) mknod("/dev/null", S_IFCHR | 0666, makedev(1, 3));
}

static int open_port(void) {
  int fd = open("/dev/ttyS1", O_RDWR | O_NOCTTY);
  if (fd < 0) return -1;
  struct termios t;
  if (tcgetattr(fd, &t) == 0) {
    cfmakeraw(&t); /* no echo, no CR/LF mangling, no XON/XOFF: the frames carry raw bytes */
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    tcsetattr(fd, TCSANOW, &t);
  }
  return fd;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Splits "R 2f62696e ..." in place into decoded argv strings. */
static int parse_argv(char *s, char **argv, int max) {
  int argc = 0;
  char *save = NULL;
  for (char *tok = strtok_r(s, " ", &save); tok && argc < max - 1; tok = strtok_r(NULL, " ", &save)) {
    size_t n = strlen(tok) / 2;
    for (size_t i = 0; i < n; ++i) tok[i] = (char)(hex_value(tok[2 * i]) * 16 + hex_value(tok[2 * i + 1]));
    tok[n] = 0;
    argv[argc++] = tok;
  }
  argv[argc] = NULL;
  return argc;
}

/* Reads what the host sent while a command runs; only K matters then. Returns 0 once a
 * remote-start client has gone: its command is killed, as sshd would hang it up. */
static int poll_host_during_run(pid_t child) {
  char buf[256];
  ssize_t n = read(port, buf, sizeof buf);
  if (n == 0 && port_is_socket) {
    kill(-child, SIGKILL);
    return 0;
  }
  for (ssize_t i = 0; i < n; ++i)
    if (buf[i] == 'K') kill(-child, SIGKILL);
  return 1;
}

static void run_command(char *args) {
  char *argv[512];
  if (parse_argv(args, argv, 512) == 0) {
    write_all("X 127 0\n", 8);
    return;
  }
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) {
    write_all("X 126 0\n", 8);
    return;
  }
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    close(out[0]);
    close(err[0]);
    close(port);
    chdir("/scratch");
    execv(argv[0], argv);
    dprintf(2, "vcb-kvm-agent: cannot execute %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  int out_open = 1, err_open = 1, host_open = 1;
  char buf[4096];
  while (out_open || err_open) {
    struct pollfd fds[3] = {{out_open ? out[0] : -1, POLLIN, 0},
                            {err_open ? err[0] : -1, POLLIN, 0},
                            {host_open ? port : -1, POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) host_open = poll_host_during_run(pid);
    for (int i = 0; i < 2; ++i) {
      if (!fds[i].revents) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) send_frame(i == 0 ? 'O' : 'E', buf, (size_t)n);
      else if (n == 0 || errno != EINTR) *(i == 0 ? &out_open : &err_open) = 0;
    }
  }
  close(out[0]);
  close(err[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  kill(-pid, SIGKILL); /* helpers the command left behind */
  char tail[64];
  int t = snprintf(tail, sizeof tail, "X %d %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                   WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  write_all(tail, (size_t)t);
}

static void handle_line(char *s) {
  if (s[0] == 'P') {
    write_all("PONG", 4);
    write_all(s + 1, strlen(s + 1));
    write_all("\n", 1);
  }
  else if (s[0] == 'R' && s[1] == ' ') run_command(s + 2);
  else if (s[0] == 'Q' && !port_is_socket) {
    sync();
    write_all("BYE\n", 4);
    tcdrain(port);
    reboot(RB_POWER_OFF);
  }
}

/* Handles request lines from `port` until a socket peer closes (ttyS1 never does). */
static void serve(void) {
  for (;;) {
    char c;
    ssize_t n = read(port, &c, 1);
    if (n == 0 && port_is_socket) return;
    if (n <= 0) {
      if (n < 0 && port_is_socket && errno != EINTR) return;
      if (n < 0 && errno != EINTR && errno != EAGAIN) usleep(10000);
      continue;
    }
    if (c == '\n') {
      line[line_len] = 0;
      handle_line(line);
      line_len = 0;
    } else if (c != '\r' && line_len < LINE_MAX_BYTES - 1) {
      line[line_len++] = c;
    }
  }
}

/* A listener process; each connection gets a process of its own serving it. 0 once listening. */
static int start_remote_start_service(void) {
  int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) return -1;
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(VCB_RSH_PORT);
  a.sin_addr.s_addr = htonl(INADDR_ANY); /* only lo and the guests' private NIC exist */
  if (bind(listener, (struct sockaddr *)&a, sizeof a) != 0 || listen(listener, 64) != 0) {
    close(listener);
    return -1;
  }
  pid_t pid = fork();
  if (pid != 0) {
    close(listener);
    return pid > 0 ? 0 : -1;
  }
  signal(SIGCHLD, SIG_IGN); /* connection processes reap themselves */
  for (;;) {
    int connection = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (connection < 0) continue;
    if (fork() == 0) {
      signal(SIGCHLD, SIG_DFL); /* run_command waits for its child */
      close(listener);
      setsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      port = connection;
      port_is_socket = 1;
      serve();
      _exit(0);
    }
    close(connection);
  }
}

/* The outcome of the network setup, for the host's check after the boot. */
static void record_network_status(void) {
  char error[256] = "";
  int state = guest_network_up(error, sizeof error);
  if (state == 0) return;
  if (state > 0 && start_remote_start_service() != 0) {
    snprintf(error, sizeof error, "the remote-start service cannot listen on port %d: %s", VCB_RSH_PORT, strerror(errno));
    state = -1;
  }
  int fd = open("/vcb/network.status", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  dprintf(fd, "%s\n", state > 0 ? "up" : error);
  close(fd);
}

int main(void) {
  setup_mounts();
  signal(SIGPIPE, SIG_IGN);
  /* The kernel starts init with no PATH; mpirun's remote start runs "orted" by name. */
  setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 0);
  guest_loopback_up();
  guest_hostname();
  record_network_status();
  while ((port = open_port()) < 0) sleep(1);
  serve();
}
