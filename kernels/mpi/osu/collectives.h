#pragma once
// OSU blocking-collective loops (osu_allreduce, osu_alltoall, osu_bcast): a barrier before the
// loop, each call timed on its own with the barrier after it left out, and each rank's average
// reduced to min/max/average over ranks.
#include "sample.h"

namespace osu {

Sample allreduce_sample(Endpoint& e, std::size_t size, Counts c);  // size in bytes of floats
Sample alltoall_sample(Endpoint& e, std::size_t size, Counts c);   // size = bytes per peer
Sample bcast_sample(Endpoint& e, std::size_t size, Counts c);      // root 0

}  // namespace osu
