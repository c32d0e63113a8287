/* See guest_network.h. Only syscalls and ioctls: the initramfs carries no ip(8) or modprobe. */
#define _GNU_SOURCE
#include "guest_network.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MODULES_DIR "/vcb/modules"

static int set_up(int sock, const char *ifname) {
  struct ifreq r;
  memset(&r, 0, sizeof r);
  snprintf(r.ifr_name, sizeof r.ifr_name, "%s", ifname);
  if (ioctl(sock, SIOCGIFFLAGS, &r) != 0) return -1;
  r.ifr_flags |= IFF_UP | IFF_RUNNING;
  return ioctl(sock, SIOCSIFFLAGS, &r);
}

static int set_ipv4(int sock, const char *ifname, unsigned long request, in_addr_t value) {
  struct ifreq r;
  memset(&r, 0, sizeof r);
  snprintf(r.ifr_name, sizeof r.ifr_name, "%s", ifname);
  struct sockaddr_in *a = (struct sockaddr_in *)&r.ifr_addr;
  a->sin_family = AF_INET;
  a->sin_addr.s_addr = value;
  return ioctl(sock, request, &r);
}

void guest_loopback_up(void) {
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0) return;
  set_up(sock, "lo"); /* the kernel gives lo 127.0.0.1/8 when it comes up */
  close(sock);
}

/* The value of `key` (e.g. "vcb.ip=") on the kernel command line, copied into out. */
static int cmdline_value(const char *key, char *out, size_t size) {
  char text[4096];
  int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return 0;
  text[n] = 0;
  for (char *at = text; (at = strstr(at, key)) != NULL; at += strlen(key)) {
    if (at != text && at[-1] != ' ') continue;
    at += strlen(key);
    size_t len = strcspn(at, " \n");
    if (len >= size) return 0;
    memcpy(out, at, len);
    out[len] = 0;
    return 1;
  }
  return 0;
}

static int is_module(const struct dirent *e) {
  size_t n = strlen(e->d_name);
  return n > 3 && strcmp(e->d_name + n - 3, ".ko") == 0;
}

static int load_modules(char *error, size_t error_size) {
  struct dirent **names = NULL;
  int count = scandir(MODULES_DIR, &names, is_module, alphasort);
  if (count < 0) {
    snprintf(error, error_size, "no %s in the initramfs", MODULES_DIR);
    return -1;
  }
  int failed = 0;
  for (int i = 0; i < count; ++i) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", MODULES_DIR, names[i]->d_name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (!failed && (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) != 0 && errno != EEXIST))) {
      snprintf(error, error_size, "loading %s: %s", path, strerror(errno));
      failed = 1;
    }
    if (fd >= 0) close(fd);
    free(names[i]);
  }
  free(names);
  return failed ? -1 : 0;
}

/* The NIC appears when virtio_pci's probe finds the device, which may lag the module load. */
static int first_nic(char *name, size_t size) {
  for (int tries = 0; tries < 100; ++tries) {
    DIR *d = opendir("/sys/class/net");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
      size_t len = strlen(e->d_name);
      if (e->d_name[0] == '.' || strcmp(e->d_name, "lo") == 0 || len >= size) continue;
      memcpy(name, e->d_name, len + 1);
      closedir(d);
      return 0;
    }
    if (d) closedir(d);
    usleep(50000);
  }
  return -1;
}

void guest_hostname(void) {
  char host[64];
  if (!cmdline_value("vcb.host=", host, sizeof host)) snprintf(host, sizeof host, "vcb-guest");
  sethostname(host, strlen(host));
}

int guest_network_up(char *error, size_t error_size) {
  char spec[64], nic[IFNAMSIZ];
  if (!cmdline_value("vcb.ip=", spec, sizeof spec)) return 0;
  char *slash = strchr(spec, '/');
  int prefix = slash ? atoi(slash + 1) : 24;
  if (slash) *slash = 0;
  struct in_addr address;
  if (inet_pton(AF_INET, spec, &address) != 1 || prefix < 1 || prefix > 32) {
    snprintf(error, error_size, "bad vcb.ip= on the kernel command line");
    return -1;
  }
  if (load_modules(error, error_size) != 0) return -1;
  if (first_nic(nic, sizeof nic) != 0) {
    snprintf(error, error_size, "no network interface appeared after loading the NIC driver");
    return -1;
  }
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  in_addr_t mask = htonl(prefix == 32 ? 0xffffffffu : ~(0xffffffffu >> prefix));
  int ok = sock >= 0 && set_ipv4(sock, nic, SIOCSIFADDR, address.s_addr) == 0 &&
           set_ipv4(sock, nic, SIOCSIFNETMASK, mask) == 0 && set_up(sock, nic) == 0;
  if (!ok) snprintf(error, error_size, "configuring %s: %s", nic, strerror(errno));
  if (sock >= 0) close(sock);
  return ok ? 1 : -1;
}
