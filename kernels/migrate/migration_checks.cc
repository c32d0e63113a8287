#include "migration_checks.h"

#include <unistd.h>

namespace vcb::migrate {

Checks verify(Side& src, Side& dst) {
  Checks c;
  c.destination_alive = dst.guest.alive();
  c.agent_answers = c.destination_alive && dst.guest.wait_ready(dst.spec.agent_socket, 30, c.agent_error);
  uint64_t address = 0;
  if (c.agent_answers && read_workload_files(dst.guest, address, c.counter_after)) {
    usleep(300000);  // the file is rewritten every 100 ms
    read_workload_files(dst.guest, address, c.counter_later);
    c.advancing = c.counter_later > c.counter_after;
  }
  const auto status = src.qmp.execute("query-status");
  c.source_status = status.ok ? status.value.value("status", std::string()) : status.error;
  c.source_stopped = status.ok && !status.value.value("running", true);
  src.qmp.execute("quit");
  for (int i = 0; i < 50 && src.guest.alive(); ++i) usleep(100000);
  c.source_gone = !src.guest.alive();
  return c;
}

nlohmann::json checks_json(const Checks& c, uint64_t before) {
  return {{"counter_before", before}, {"counter_after", c.counter_after}, {"counter_later", c.counter_later},
          {"still_advancing", c.advancing}, {"destination_alive", c.destination_alive},
          {"destination_agent_answers", c.agent_answers}, {"source_status", c.source_status},
          {"source_stopped", c.source_stopped}, {"source_gone", c.source_gone}};
}

std::string check_failures(const Checks& c, uint64_t before) {
  std::string why;
  auto add = [&](bool ok, const std::string& what) { if (!ok) why += (why.empty() ? "" : "; ") + what; };
  add(c.destination_alive, "the destination QEMU exited");
  add(!c.destination_alive || c.agent_answers, "the destination's agent did not answer (" + c.agent_error + ")");
  add(!c.agent_answers || c.counter_after > before,
      "the counter did not continue (" + std::to_string(before) + " before, " + std::to_string(c.counter_after) + " after)");
  add(!c.agent_answers || c.advancing, "the counter stopped advancing on the destination");
  add(c.source_stopped, "the source did not stop (" + c.source_status + ")");
  add(c.source_gone, "the source QEMU did not exit");
  return why;
}

}  // namespace vcb::migrate
