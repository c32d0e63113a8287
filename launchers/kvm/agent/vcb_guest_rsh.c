/* vcb-guest-rsh HOST WORD...: mpirun's remote-start agent between MPI guests (plm_rsh_agent).
 * Like ssh, it joins the words with spaces and has the remote /bin/sh parse them again (Open MPI
 * passes "orted -mca ... \"quoted\"" expecting exactly that). It streams the remote stdout and
 * stderr back and exits with the remote exit status (128+signal when killed, 255 when the guest
 * cannot be reached, as ssh does). Killing this client closes the connection, and the guest's
 * agent then kills the remote command. Stdin is not forwarded: orted reads none.
 * Static, like the agent, so it runs in any guest. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "guest_rsh.h"

static void write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= (size_t)w;
  }
}

static int connect_to(const char *host) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(VCB_RSH_PORT);
  if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
    fprintf(stderr, "vcb-guest-rsh: %s is not an IPv4 address\n", host);
    return -1;
  }
  /* The peer's service starts a moment after its agent answers the host; retry briefly. */
  for (int tries = 0; tries < 50; ++tries) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) break;
    if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      return fd;
    }
    int why = errno;
    close(fd);
    if (why != ECONNREFUSED && why != EHOSTUNREACH && why != ETIMEDOUT) break;
    usleep(100000);
  }
  fprintf(stderr, "vcb-guest-rsh: cannot reach %s:%d: %s\n", host, VCB_RSH_PORT, strerror(errno));
  return -1;
}

static void append_hex(char **out, const char *s) {
  static const char digits[] = "0123456789abcdef";
  *(*out)++ = ' ';
  for (const unsigned char *p = (const unsigned char *)s; *p; ++p) {
    *(*out)++ = digits[*p >> 4];
    *(*out)++ = digits[*p & 15];
  }
}

/* "R <hex /bin/sh> <hex -c> <hex joined words>\n" */
static char *request_line(int argc, char **argv) {
  size_t words = 0;
  for (int i = 2; i < argc; ++i) words += strlen(argv[i]) + 1;
  char *command = calloc(words + 1, 1);
  for (int i = 2; i < argc; ++i) {
    if (i > 2) strcat(command, " ");
    strcat(command, argv[i]);
  }
  char *line = malloc(2 * words + 64), *out = line;
  *out++ = 'R';
  append_hex(&out, "/bin/sh");
  append_hex(&out, "-c");
  append_hex(&out, command);
  *out++ = '\n';
  *out = 0;
  free(command);
  return line;
}

/* Demultiplexes the agent's frames; returns the exit status, or 255 if the connection broke. */
static int relay(int fd) {
  static char buf[1 << 16];
  size_t have = 0;
  for (;;) {
    char *eol = memchr(buf, '\n', have);
    if (eol) {
      size_t head = (size_t)(eol - buf) + 1;
      if (buf[0] == 'X') {
        int code = 255, sig = 0;
        sscanf(buf + 1, "%d %d", &code, &sig);
        return sig ? 128 + sig : code;
      }
      if ((buf[0] == 'O' || buf[0] == 'E') && buf[1] == ' ') {
        size_t n = strtoul(buf + 2, NULL, 10);
        if (head + n > sizeof buf) return 255; /* frames are at most 4 KiB */
        if (have >= head + n) {
          write_all(buf[0] == 'O' ? 1 : 2, buf + head, n);
          memmove(buf, buf + head + n, have - head - n);
          have -= head + n;
          continue;
        }
      } else {
        memmove(buf, buf + head, have - head);
        have -= head;
        continue;
      }
    }
    if (have == sizeof buf) return 255;
    ssize_t n = read(fd, buf + have, sizeof buf - have);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 255;
    have += (size_t)n;
  }
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: vcb-guest-rsh HOST COMMAND...\n");
    return 255;
  }
  int fd = connect_to(argv[1]);
  if (fd < 0) return 255;
  char *line = request_line(argc, argv);
  write_all(fd, line, strlen(line));
  free(line);
  return relay(fd);
}
