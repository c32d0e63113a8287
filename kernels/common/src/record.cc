#include "vcb/record.h"

#include <unistd.h>

#include <cerrno>
#include <string>

namespace vcb {

bool emit_line(const nlohmann::json& object) {
  std::string line(record_marker);
  line += object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

std::string_view record_payload(std::string_view line) {
  auto at = line.find(record_marker);
  if (at == std::string_view::npos) return {};
  line.remove_prefix(at + record_marker.size());
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

}  // namespace vcb
