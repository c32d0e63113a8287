// Chunk set-up: geometry and the initial states (CloverLeaf's initialise_chunk + generate_chunk).
#include "chunk.h"

#include <cmath>

namespace clover {

Chunk::Chunk(int nx_, int ny_) : nx(nx_), ny(ny_) {
  for (Line* l : {&cellx, &celldx, &vertexx, &vertexdx}) *l = Line(nx);
  for (Line* l : {&celly, &celldy, &vertexy, &vertexdy}) *l = Line(ny);
  for (SameRows* f : {&volume, &xarea, &yarea}) *f = SameRows(nx);
  for (Field* f : {&density0,    &density1, &energy0, &energy1, &pressure,   &viscosity,  &soundspeed,
                   &xvel0,       &xvel1,    &yvel0,   &yvel1,   &vol_flux_x, &vol_flux_y, &mass_flux_x,
                   &mass_flux_y, &work1,    &work3,   &work4,   &work5,      &work6,      &work7})
    *f = Field(nx, ny);
}

namespace {

void set_geometry(Chunk& c, const Deck& d) {
  const double dx = (d.xmax - d.xmin) / static_cast<double>(d.x_cells);
  const double dy = (d.ymax - d.ymin) / static_cast<double>(d.y_cells);
  const double xmin = d.xmin + dx * static_cast<double>(c.left_cell - 1);
  const double ymin = d.ymin + dy * static_cast<double>(c.bottom_cell - 1);
  for (int j = -1; j <= c.nx + 3; ++j) {
    c.vertexx(j) = xmin + dx * static_cast<double>(j - 1);
    c.vertexdx(j) = dx;
  }
  for (int k = -1; k <= c.ny + 3; ++k) {
    c.vertexy(k) = ymin + dy * static_cast<double>(k - 1);
    c.vertexdy(k) = dy;
  }
  for (int j = -1; j <= c.nx + 2; ++j) {
    c.cellx(j) = 0.5 * (c.vertexx(j) + c.vertexx(j + 1));
    c.celldx(j) = dx;
  }
  for (int k = -1; k <= c.ny + 2; ++k) {
    c.celly(k) = 0.5 * (c.vertexy(k) + c.vertexy(k + 1));
    c.celldy(k) = dy;
  }
  // volume = dx*dy, xarea(j, k) = celldy(k) = dy, yarea(j, k) = celldx(j): the same in every row.
  for (int j = -1; j <= c.nx + 2; ++j) {
    c.volume.at(j) = dx * dy;
    c.xarea.at(j) = dy;
    c.yarea.at(j) = c.celldx(j);
  }
  c.xarea.at(c.nx + 3) = dy;
}

bool covers(const Chunk& c, const State& s, int j, int k) {
  switch (s.geometry) {
    case Geometry::rectangle:
      return c.vertexx(j + 1) >= s.xmin && c.vertexx(j) < s.xmax && c.vertexy(k + 1) >= s.ymin &&
             c.vertexy(k) < s.ymax;
    case Geometry::circle: {
      const double x = c.cellx(j) - s.xmin, y = c.celly(k) - s.ymin;
      return std::sqrt(x * x + y * y) <= s.radius;
    }
    case Geometry::point:
      return c.vertexx(j) == s.xmin && c.vertexy(k) == s.ymin;
  }
  return false;
}

void paint_state(Chunk& c, const State& s, bool everywhere) {
  for (int k = -1; k <= c.ny + 2; ++k)
    for (int j = -1; j <= c.nx + 2; ++j) {
      if (!everywhere && !covers(c, s, j, k)) continue;
      c.density0(j, k) = s.density;
      c.energy0(j, k) = s.energy;
      for (int kk = k; kk <= k + 1; ++kk)
        for (int jj = j; jj <= j + 1; ++jj) {
          c.xvel0(jj, kk) = s.xvel;
          c.yvel0(jj, kk) = s.yvel;
        }
    }
}

}  // namespace

void generate_chunk(Chunk& c, const Deck& d) {
  set_geometry(c, d);
  const double dx = (d.xmax - d.xmin) / static_cast<double>(d.x_cells);
  const double dy = (d.ymax - d.ymin) / static_cast<double>(d.y_cells);
  paint_state(c, d.states[0], true);
  for (size_t n = 1; n < d.states.size(); ++n) {
    State s = d.states[n];
    // The reference shrinks every state's box by 1 % of a cell so that edges on mesh lines are
    // not claimed by the neighbouring cell.
    s.xmin += dx / 100.0;
    s.ymin += dy / 100.0;
    s.xmax -= dx / 100.0;
    s.ymax -= dy / 100.0;
    paint_state(c, s, false);
  }
}

}  // namespace clover
