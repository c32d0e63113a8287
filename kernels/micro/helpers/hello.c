/* The program lat_proc execs (built twice: vcb-hello dynamic, vcb-hello-static).
 * Like lmbench's hello it writes "Hello world" to stdout, which the forking child has closed, so
 * the write fails with EBADF and nothing appears; the exit status is 0 either way because the
 * benchmark checks it to prove the exec really happened. */
#include <unistd.h>

int main(void) {
  static const char message[] = "Hello world\n";
  if (write(1, message, sizeof message - 1) < 0) return 0;
  return 0;
}
