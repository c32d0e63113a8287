#include "kvm/kvm_qmp.h"

#include "vcb/timer.h"

namespace vcb {
namespace {

// Takes the first complete line out of the buffer, parsed (discarded JSON when malformed).
nlohmann::json take_line(std::string& buffer) {
  const auto eol = buffer.find('\n');
  auto j = nlohmann::json::parse(buffer.substr(0, eol), nullptr, false);
  buffer.erase(0, eol + 1);
  return j;
}

}  // namespace

bool QmpClient::connect(const std::string& socket_path, double timeout_s, std::string& error) {
  const int64_t deadline = deadline_after(timeout_s);
  if (!line_.connect(socket_path, timeout_s) || !line_.read_until("\n", deadline)) {
    error = "no QMP greeting on " + socket_path;
    line_.close();
    return false;
  }
  line_.buffer().clear();
  const auto reply = execute("qmp_capabilities", nullptr, timeout_s);
  if (!reply.ok) error = "qmp_capabilities: " + reply.error;
  return reply.ok;
}

QmpReply QmpClient::execute(const std::string& command, const nlohmann::json& arguments, double timeout_s) {
  QmpReply r;
  // The id tells this answer from a late one to an earlier command that timed out.
  const long id = ++next_id_;
  nlohmann::json request = {{"execute", command}, {"id", id}};
  if (!arguments.is_null()) request["arguments"] = arguments;
  if (!line_.send(request.dump() + "\n")) {
    r.error = "the QMP socket is closed";
    return r;
  }
  const int64_t deadline = deadline_after(timeout_s);
  while (line_.read_until("\n", deadline)) {
    const auto reply = take_line(line_.buffer());
    if (!reply.is_object()) continue;
    if (reply.contains("event")) {
      events_.push_back(reply);
      continue;
    }
    if (reply.value("id", -1L) != id) continue;
    if (reply.contains("return")) {
      r.ok = true;
      r.value = reply["return"];
      return r;
    }
    if (reply.contains("error")) {
      const auto& e = reply["error"];
      r.error = e.value("class", std::string("Error")) + ": " + e.value("desc", std::string());
      return r;
    }
  }
  r.error = "no answer to " + command + " within " + std::to_string(timeout_s).substr(0, 4) + " s";
  return r;
}

}  // namespace vcb
