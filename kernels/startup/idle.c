/* vcb-idle: the resident process of a long-lived container. The appliance carries no shell tools
 * such as sleep, so this waits for a signal and exits with it; the container's init (--init) forwards
 * the engine's SIGTERM. */
#include <unistd.h>

int main(void) {
  for (;;) pause();
}
