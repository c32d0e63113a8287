// Deck parser: one pass over the lines; the first problem found is returned with its line.
#include "deck.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <sstream>

namespace clover {
namespace {

std::vector<std::string> words_of(std::string_view line) {
  std::string s(line.substr(0, line.find('!')));
  for (char& c : s) {
    if (c == '=' || c == ',' || c == '\t' || c == '\r') c = ' ';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool to_double(const std::string& w, double& out) {
  if (w.empty()) return false;
  char* end = nullptr;
  out = std::strtod(w.c_str(), &end);
  return end == w.c_str() + w.size();
}

bool to_int(const std::string& w, int& out) {
  auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), out);
  return ec == std::errc() && p == w.data() + w.size();
}

// Keywords the reference accepts that change nothing here (I/O, profiling, kernel flavour, tiling).
bool is_ignored_flag(const std::string& w) {
  static const char* flags[] = {"profiler_on", "use_fortran_kernels", "use_c_kernels", "use_oa_kernels",
                                "use_vector_loops", "verbose_on"};
  return std::any_of(std::begin(flags), std::end(flags), [&](const char* f) { return w == f; });
}
bool is_ignored_valued(const std::string& w) {
  return w == "visit_frequency" || w == "tiles_per_chunk" || w == "tiles_per_problem";
}

struct LineParser {
  Deck& deck;
  std::vector<std::string> w;
  std::string fail;  // set on the first problem

  double number(size_t i) {
    double v = 0.0;
    if (i >= w.size()) fail = "'" + w[0] + "' needs a value";
    else if (!to_double(w[i], v)) fail = "'" + w[i] + "' is not a number";
    return v;
  }
  int integer(size_t i) {
    int v = 0;
    if (i >= w.size()) fail = "'" + w[0] + "' needs a value";
    else if (!to_int(w[i], v)) fail = "'" + w[i] + "' is not an integer";
    return v;
  }

  void state();
  void state_field(State& s, const std::string& key, size_t i);
  void keyword();
};

void LineParser::state_field(State& s, const std::string& key, size_t i) {
  if (key == "geometry") {
    const std::string g = i < w.size() ? w[i] : "";
    if (g == "rectangle") s.geometry = Geometry::rectangle;
    else if (g == "circle" || g == "circular") s.geometry = Geometry::circle;
    else if (g == "point") s.geometry = Geometry::point;
    else fail = "unknown geometry '" + g + "' (rectangle, circle or point)";
    return;
  }
  const double v = number(i);
  if (key == "density") s.density = v;
  else if (key == "energy") s.energy = v;
  else if (key == "xvel") s.xvel = v;
  else if (key == "yvel") s.yvel = v;
  else if (key == "xmin") s.xmin = v;
  else if (key == "xmax") s.xmax = v;
  else if (key == "ymin") s.ymin = v;
  else if (key == "ymax") s.ymax = v;
  else if (key == "radius") s.radius = v;
  else fail = "unknown state keyword '" + key + "'";
}

void LineParser::state() {
  const int n = integer(1);
  if (!fail.empty()) return;
  if (n < 1 || n > 1000) { fail = "state number must be 1..1000"; return; }
  if (deck.states.size() < static_cast<size_t>(n)) deck.states.resize(n);
  State& s = deck.states[n - 1];
  if (s.defined) { fail = "state " + std::to_string(n) + " defined twice"; return; }
  s.defined = true;
  for (size_t i = 2; i < w.size() && fail.empty(); i += 2) state_field(s, w[i], i + 1);
  if (fail.empty() && s.density <= 0.0) fail = "state " + std::to_string(n) + " needs density > 0";
}

void LineParser::keyword() {
  const std::string& k = w[0];
  if (k == "state") return state();
  if (is_ignored_flag(k)) return;
  if (is_ignored_valued(k)) { integer(1); return; }
  if (k == "x_cells") deck.x_cells = integer(1);
  else if (k == "y_cells") deck.y_cells = integer(1);
  else if (k == "xmin") deck.xmin = number(1);
  else if (k == "xmax") deck.xmax = number(1);
  else if (k == "ymin") deck.ymin = number(1);
  else if (k == "ymax") deck.ymax = number(1);
  else if (k == "initial_timestep") deck.dtinit = number(1);
  else if (k == "max_timestep") deck.dtmax = number(1);
  else if (k == "timestep_rise") deck.dtrise = number(1);
  else if (k == "end_time") deck.end_time = number(1);
  else if (k == "end_step") deck.end_step = integer(1);
  else if (k == "summary_frequency") deck.summary_frequency = integer(1);
  else if (k == "test_problem") deck.test_problem = integer(1);
  else fail = "unknown keyword '" + k + "'";
  if (!fail.empty()) return;
  if ((k == "x_cells" || k == "y_cells") && (k == "x_cells" ? deck.x_cells : deck.y_cells) <= 0)
    fail = k + " must be positive";
  else if (k == "summary_frequency" && deck.summary_frequency < 0) fail = "summary_frequency must be >= 0";
  else if (k == "end_step" && deck.end_step < 0) fail = "end_step must be >= 0";
}

std::optional<DeckError> check_whole(const Deck& d, int last_line, const std::string& last_text) {
  auto err = [&](std::string m) { return DeckError{last_line, last_text, std::move(m)}; };
  if (d.states.empty() || !d.states[0].defined) return err("missing state 1 (the background state)");
  for (size_t n = 0; n < d.states.size(); ++n)
    if (!d.states[n].defined) return err("missing state " + std::to_string(n + 1) + " (states must be numbered 1, 2, ...)");
  if (!(d.xmax > d.xmin) || !(d.ymax > d.ymin)) return err("the mesh needs xmax > xmin and ymax > ymin");
  if (!(d.dtinit > 0.0) || !(d.dtmax > 0.0)) return err("timesteps must be positive");
  return std::nullopt;
}

}  // namespace

DeckResult parse_deck(std::string_view text) {
  DeckResult r;
  bool inside = false, seen_start = false;
  int number = 0, last_line = 0;
  std::string last_text;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;
    const auto w = words_of(line);
    if (w.empty()) continue;
    last_line = number;
    last_text = std::string(line);
    if (w[0] == "*clover") { inside = seen_start = true; continue; }
    if (w[0] == "*endclover") { inside = false; break; }
    if (!inside) continue;  // the reference reads only the *clover block
    LineParser p{r.deck, w, {}};
    p.keyword();
    if (!p.fail.empty()) { r.error = DeckError{number, std::string(line), p.fail}; return r; }
  }
  if (!seen_start) { r.error = DeckError{0, "", "no *clover block"}; return r; }
  r.error = check_whole(r.deck, last_line, last_text);
  return r;
}

std::string describe(const DeckError& e) {
  if (e.line == 0) return e.message;
  return "line " + std::to_string(e.line) + ": " + e.message + ": `" + e.text + "`";
}

}  // namespace clover
