#pragma once
// NPB IS problem classes (NPB3.3-MPI is.c): key count, key range and bucket count (all powers of
// two), and the partial-verification table: the global positions of 5 test keys and their
// official ranks, which move by a class-dependent +-iteration as rank() rewrites keys 1..20.
#include <array>
#include <cstdint>

namespace npb_is {

inline constexpr int kIterations = 10;  // NPB's MAX_ITERATIONS
inline constexpr int kTestKeys = 5;     // NPB's TEST_ARRAY_SIZE

struct IsClass {
  char name;
  int total_keys_log2;
  int max_key_log2;
  int buckets_log2;
  int max_ranks;  // NPB's MAX_PROCS
  std::array<int64_t, kTestKeys> test_index;
  std::array<int64_t, kTestKeys> test_rank;
};

inline constexpr IsClass kClasses[] = {
    {'S', 16, 11, 9, 128, {48427, 17148, 23627, 62548, 4431}, {0, 18, 346, 64917, 65463}},
    {'W', 20, 16, 10, 1024, {357773, 934767, 875723, 898999, 404505}, {1249, 11698, 1039987, 1043896, 1048018}},
    {'A', 23, 19, 10, 1024, {2112377, 662041, 5336171, 3642833, 4250760}, {104, 17523, 123928, 8288932, 8388264}},
    {'B', 25, 21, 10, 1024, {41869, 812306, 5102857, 18232239, 26860214}, {33422937, 10244, 59149, 33135281, 99}},
    {'C', 27, 23, 10, 1024, {44172927, 72999161, 74326391, 129606274, 21736814},
     {61147, 882988, 266290, 133997595, 133525895}},
};

// The rank test key `i` must have in timed iteration `it` (1-based), per NPB's per-class shifts.
inline int64_t expected_rank(const IsClass& c, int i, int it) {
  const int64_t r = c.test_rank[i];
  switch (c.name) {
    case 'S': return i <= 2 ? r + it : r - it;
    case 'W': return i < 2 ? r + (it - 2) : r - it;
    case 'A': return i <= 2 ? r + (it - 1) : r - (it - 1);
    case 'B': return (i == 1 || i == 2 || i == 4) ? r + it : r - it;
    default: return i <= 2 ? r + it : r - it;  // C
  }
}

}  // namespace npb_is
