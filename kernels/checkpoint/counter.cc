#include "counter.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace vcb {
namespace {
constexpr const char* counter_path = "/tmp/vcb-counter";
}

int run_counter() {
  for (long long n = 1;; ++n) {
    {
      std::ofstream out(std::string(counter_path) + ".new");
      out << n << "\n";
    }
    std::rename((std::string(counter_path) + ".new").c_str(), counter_path);  // readers never see half a number
    usleep(10000);
  }
}

int read_counter_file() {
  std::ifstream in(counter_path);
  long long n = -1;
  if (!(in >> n)) return 1;
  std::printf("%lld\n", n);
  return 0;
}

}  // namespace vcb
