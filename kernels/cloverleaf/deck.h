#pragma once
// CloverLeaf's input deck (clover.in): the lines between *clover and *endclover, '=' and ','
// read as blanks, keywords case-insensitive, '!' starts a comment. Defaults are CloverLeaf 1.3's.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clover {

enum class Geometry { rectangle, circle, point };

struct State {
  bool defined = false;
  double density = 0.0, energy = 0.0, xvel = 0.0, yvel = 0.0;
  Geometry geometry = Geometry::rectangle;
  double xmin = 0.0, xmax = 0.0, ymin = 0.0, ymax = 0.0, radius = 0.0;
};

struct Deck {
  std::vector<State> states;  // states[0] is state 1, the background
  double xmin = 0.0, ymin = 0.0, xmax = 100.0, ymax = 100.0;
  int x_cells = 10, y_cells = 10;
  double dtinit = 0.1, dtmax = 1.0, dtrise = 1.5, end_time = 10.0;
  int end_step = 640000;  // CloverLeaf's g_ibig: "no step limit"
  int summary_frequency = 10;
  int test_problem = 0;   // 0 = no built-in check
};

struct DeckError {
  int line = 0;         // 1-based line of the deck, 0 when the whole deck is at fault
  std::string text;     // that line as written
  std::string message;  // what is wrong, for a user
};

struct DeckResult {
  Deck deck;
  std::optional<DeckError> error;
};

DeckResult parse_deck(std::string_view text);

// The deck error as one line: "line N: message: `text`".
std::string describe(const DeckError& e);

}  // namespace clover
