#pragma once
// QMP with arguments and QEMU's own error text. QemuGuest::qmp (kvm_guest.h) takes a bare command
// and returns null on any error; a migration needs arguments (capabilities, parameters, URIs) and
// must report why QEMU refused (e.g. postcopy-ram without userfaultfd).
#include <nlohmann/json.hpp>
#include <string>

#include "kvm/kvm_guest.h"

namespace vcb::migrate {

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

}  // namespace vcb::migrate
