#pragma once
// Halo updates: exchange with neighbouring ranks, then reflective walls on the physical faces.
#include <vector>

#include "chunk.h"

namespace clover {

// How a field sits on the mesh; decides its halo offsets and its mirror signs at walls.
enum class Kind { cell, xvel, yvel, xface, yface };

struct HaloField {
  Field* field;
  Kind kind;
};

void update_halo(Chunk& c, const std::vector<HaloField>& fields, int depth);

}  // namespace clover
