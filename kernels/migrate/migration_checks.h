#pragma once
// After a completed migration: the destination runs the guest and its agent answers, the
// workload's counter went on from where it was and still moves, and the source stopped
// (postmigrate) and exits when told to quit.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>

#include "guest_side.h"

namespace vcb::migrate {

struct Checks {
  bool destination_alive = false, agent_answers = false, advancing = false, source_stopped = false,
       source_gone = false;
  uint64_t counter_after = 0, counter_later = 0;
  std::string source_status, agent_error;
};

Checks verify(Side& src, Side& dst);
nlohmann::json checks_json(const Checks& c, uint64_t before);
// Every check that failed, in one line; empty when all held.
std::string check_failures(const Checks& c, uint64_t before);

}  // namespace vcb::migrate
