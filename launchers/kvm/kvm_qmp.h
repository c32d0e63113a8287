#pragma once
// A QMP connection: commands with arguments, each answer matched by its id (a late answer to a
// command that timed out is never taken for the next one's), QEMU's own error text, and the
// events that arrived meanwhile. QemuGuest and the migration kernel both talk QMP through it.
#include <nlohmann/json.hpp>
#include <string>

#include "kvm/socket_line.h"

namespace vcb {

struct QmpReply {
  bool ok = false;
  nlohmann::json value;  // "return" when ok
  std::string error;     // QEMU's "class: desc", or why no answer came
};

class QmpClient {
 public:
  // Connects and leaves capabilities negotiation mode (the greeting, then qmp_capabilities).
  bool connect(const std::string& socket_path, double timeout_s, std::string& error);
  // One command; events arriving before the answer are kept in events().
  QmpReply execute(const std::string& command, const nlohmann::json& arguments = nullptr, double timeout_s = 10);
  const nlohmann::json& events() const { return events_; }
  bool connected() const { return line_.fd() >= 0; }
  void close() { line_.close(); }

 private:
  SocketLine line_;
  long next_id_ = 0;
  nlohmann::json events_ = nlohmann::json::array();
};

}  // namespace vcb
