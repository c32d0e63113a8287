#pragma once
// OSU point-to-point loops between ranks 0 and 1 (osu_latency, osu_bw, osu_bibw). Each call fills
// the send buffer, poisons the receive buffer, synchronises, runs skip + iterations and checks what
// arrived last.
#include "sample.h"

namespace osu {

Sample latency_sample(Endpoint& e, std::size_t size, Counts c);
Sample bw_sample(Endpoint& e, std::size_t size, Counts c);
Sample bibw_sample(Endpoint& e, std::size_t size, Counts c);

}  // namespace osu
