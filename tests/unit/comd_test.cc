// Pure parts of the CoMD-like proxy: the random numbers, the EAM tables, the link cells.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "cells.h"
#include "potential.h"
#include "rng.h"

namespace {

TEST(ComdRng, Lcg61WrapsBeforeTheModulus) {
  // The 64-bit product wraps first: computed by hand as (s * a mod 2^64) mod (2^61 - 1).
  uint64_t seed = 1;
  comd::lcg61(seed);
  EXPECT_EQ(seed, 437799614237992725ull % 2305843009213693951ull);
  uint64_t s2 = 1ull << 40;
  comd::lcg61(s2);
  EXPECT_EQ(s2, ((1ull << 40) * 437799614237992725ull) % 2305843009213693951ull);
}

TEST(ComdRng, SeedsDependOnIdAndCallSite) {
  EXPECT_NE(comd::make_seed(7, 123), comd::make_seed(7, 457));
  EXPECT_NE(comd::make_seed(7, 123), comd::make_seed(8, 123));
  EXPECT_EQ(comd::make_seed(7, 123), comd::make_seed(7, 123));
}

TEST(ComdRng, GasdevHasUnitVariance) {
  double sum = 0, sum2 = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    uint64_t seed = comd::make_seed(static_cast<uint32_t>(i), 123);
    const double g = comd::gasdev(seed);
    sum += g;
    sum2 += g * g;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.03);
  EXPECT_NEAR(sum2 / n, 1.0, 0.03);
}

TEST(ComdTable, InterpolatesQuadraticsExactlyInside) {
  std::vector<double> v;
  for (int i = 0; i < 20; ++i) v.push_back(0.5 * i * i * 0.01 + 2.0 * i * 0.1);  // x = 0.1 i, f = x^2/2 + 2x
  const comd::Table t = comd::Table::make(v, 0.1);
  double f, df;
  t.interpolate(0.55, f, df);
  EXPECT_NEAR(f, 0.5 * 0.55 * 0.55 + 2.0 * 0.55, 1e-12);
  EXPECT_NEAR(df, 0.55 + 2.0, 1e-9);
  t.interpolate(100.0, f, df);  // beyond the table: pinned to the guard values
  EXPECT_DOUBLE_EQ(f, v.back());
  // The interval after the last point (ii == n) reads t[n + 2]: a guard value, not past the table.
  ASSERT_EQ(t.values.size(), v.size() + 4);
  t.interpolate(2.05, f, df);
  EXPECT_EQ(f, v.back());
  EXPECT_EQ(df, 0.0);
}

TEST(ComdTable, ReadsFuncflAndRejectsMissingFiles) {
  const std::string path = testing::TempDir() + "/tiny.eam";
  std::ofstream(path) << "tiny\n 29 63.55 3.615 FCC\n 3 0.5 4 1.0 3.0\n 0 -1 -2\n 1 2 3 4\n 0.4 0.3 0.2 0.1\n";
  comd::Potential p;
  std::string error;
  ASSERT_TRUE(comd::read_funcfl(path, p, error)) << error;
  EXPECT_DOUBLE_EQ(p.cutoff, 3.0);
  EXPECT_DOUBLE_EQ(p.lattice, 3.615);
  double f, df;
  p.phi.interpolate(2.0, f, df);  // phi(2) = Z^2 / r * Hartree*Bohr = 9 / 2 * 14.399...
  EXPECT_NEAR(f, 3.0 * (3.0 / 2.0) * comd::kHartreeToEv * comd::kBohrToAngs, 1e-9);
  EXPECT_FALSE(comd::read_funcfl(path + ".missing", p, error));
  EXPECT_NE(error.find("missing"), std::string::npos);
}

TEST(ComdCells, BoxesFromCoordinatesAndNeighbourOrder) {
  comd::Geometry g;
  std::string error;
  const comd::Comm comm({1, 1, 1});
  ASSERT_TRUE(comd::make_geometry({20, 20, 20}, 3.615, 5.7875, comm, g, error)) << error;
  EXPECT_EQ(g.grid[0], 12);
  const comd::Cells c(g);
  EXPECT_EQ(c.box_of(0.0, 0.0, 0.0), c.box(0, 0, 0));
  EXPECT_EQ(c.box_of(-0.1, 0.0, 0.0), c.box(-1, 0, 0));
  const double top = g.global_extent[0];  // the upper face belongs to the halo, just below it to box 11
  EXPECT_EQ(c.box_of(top, 0.0, 0.0), c.box(12, 0, 0));
  EXPECT_EQ(c.box_of(top - 1e-13, 0.0, 0.0), c.box(11, 0, 0));
  EXPECT_EQ(c.neighbour_offsets()[13], 0);  // self in the middle
  EXPECT_EQ(c.box(0, 0, 0) + c.neighbour_offsets()[1], c.box(-1, -1, 0));  // dz fastest
  EXPECT_EQ(c.local_boxes()[1], c.box(1, 0, 0));  // x fastest
}

TEST(ComdCells, RedistributeWrapsPeriodicImages) {
  comd::Geometry g;
  std::string error;
  const comd::Comm comm({1, 1, 1});
  ASSERT_TRUE(comd::make_geometry({4, 4, 4}, 3.615, 5.0, comm, g, error)) << error;
  comd::Cells c(g);
  const double r[3] = {0.5, 7.0, 7.0}, p[3] = {0, 0, 0};
  ASSERT_TRUE(c.put(5, r, p));
  const int b = c.box_of(0.5, 7.0, 7.0);
  c.rx[static_cast<size_t>(b) * comd::kMaxPerBox] = -0.5;  // leaves through the low x face
  ASSERT_TRUE(c.redistribute(comm, error)) << error;
  EXPECT_EQ(c.local_atoms(), 1);
  const double wrapped = -0.5 + g.global_extent[0];
  const int nb = c.box_of(wrapped, 7.0, 7.0);
  ASSERT_EQ(c.count[nb], 1);
  EXPECT_EQ(c.rx[static_cast<size_t>(nb) * comd::kMaxPerBox], wrapped);  // x + L, exactly
  EXPECT_EQ(c.gid[static_cast<size_t>(nb) * comd::kMaxPerBox], 5);
}

}  // namespace
