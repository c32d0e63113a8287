// The CloverLeaf deck parser: the standard deck, the reference's lenient syntax, and the errors
// that must name their line.
#include <gtest/gtest.h>

#include "deck.h"

namespace {

const char* kBmShort = R"(*clover

 state 1 density=0.2 energy=1.0
 state 2 density=1.0 energy=2.5 geometry=rectangle xmin=0.0 xmax=5.0 ymin=0.0 ymax=2.0

 x_cells=960
 y_cells=960
 xmin=0.0
 ymin=0.0
 xmax=10.0
 ymax=10.0
 initial_timestep=0.04
 timestep_rise=1.5
 max_timestep=0.04
 end_step=87
 test_problem 2

*endclover
)";

TEST(CloverDeck, ParsesTheStandardDeck) {
  const auto r = clover::parse_deck(kBmShort);
  ASSERT_FALSE(r.error) << clover::describe(*r.error);
  const auto& d = r.deck;
  EXPECT_EQ(d.x_cells, 960);
  EXPECT_EQ(d.y_cells, 960);
  EXPECT_EQ(d.end_step, 87);
  EXPECT_EQ(d.test_problem, 2);
  EXPECT_DOUBLE_EQ(d.dtinit, 0.04);
  EXPECT_DOUBLE_EQ(d.end_time, 10.0);  // the reference's default
  ASSERT_EQ(d.states.size(), 2u);
  EXPECT_DOUBLE_EQ(d.states[1].density, 1.0);
  EXPECT_DOUBLE_EQ(d.states[1].xmax, 5.0);
  EXPECT_EQ(d.states[1].geometry, clover::Geometry::rectangle);
}

TEST(CloverDeck, BlanksForEqualsAndCommasCaseAndComments) {
  const auto r = clover::parse_deck(
      "ignored before\n*CLOVER\n state 1 density 0.2, energy 1.0 ! background\n X_CELLS 12\n"
      " profiler_on\n tiles_per_chunk 1\n*endclover\nignored after junk\n");
  ASSERT_FALSE(r.error) << clover::describe(*r.error);
  EXPECT_EQ(r.deck.x_cells, 12);
  EXPECT_DOUBLE_EQ(r.deck.states[0].energy, 1.0);
  EXPECT_EQ(r.deck.summary_frequency, 10);
}

TEST(CloverDeck, UnknownKeywordNamesItsLine) {
  const auto r = clover::parse_deck("*clover\n state 1 density=0.2 energy=1.0\n x_cels=10\n*endclover\n");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->line, 3);
  EXPECT_NE(clover::describe(*r.error).find("x_cels"), std::string::npos);
}

TEST(CloverDeck, NegativeCellsNamesItsLine) {
  const auto r = clover::parse_deck("*clover\n state 1 density=0.2 energy=1.0\n\n y_cells=-4\n*endclover\n");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->line, 4);
  EXPECT_NE(r.error->message.find("positive"), std::string::npos);
}

TEST(CloverDeck, MissingStatesAreErrors) {
  auto r = clover::parse_deck("*clover\n x_cells=10\n*endclover\n");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->message.find("state 1"), std::string::npos);
  r = clover::parse_deck("*clover\n state 1 density=0.2 energy=1.0\n state 3 density=1 energy=1\n*endclover\n");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->message.find("state 2"), std::string::npos);
}

TEST(CloverDeck, BadValuesAreErrors) {
  EXPECT_TRUE(clover::parse_deck("*clover\n state 1 density=0.2 energy=1.0\n end_step=ten\n*endclover\n").error);
  EXPECT_TRUE(clover::parse_deck("*clover\n state 1 density=0.2 energy=1.0 geometry=blob\n*endclover\n").error);
  EXPECT_TRUE(clover::parse_deck("*clover\n state 1 density=0.2 energy=1.0\n state 1 density=1 energy=1\n*endclover\n").error);
  EXPECT_TRUE(clover::parse_deck("state 1 density=0.2 energy=1.0\n").error);  // no *clover block
}

}  // namespace
