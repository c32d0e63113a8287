#pragma once
// NPB problem classes are named by one letter. Each kernel keeps its own table (its classes
// carry different sizes and reference values); the lookup, and the message listing the letters
// the table has, are the same for all.
#include <string>

#include "vcb/kernel.h"

namespace vcb::npb {

// The entry of `table` (any range of structs with a `char name`) called `name`; a usage error
// (exit 2) when there is none.
template <class Table>
const auto& require_class(const Kernel& k, const Table& table, const std::string& name) {
  for (const auto& c : table)
    if (name.size() == 1 && name[0] == c.name) return c;
  std::string valid;
  for (const auto& c : table) valid += (valid.empty() ? "" : ", ") + std::string(1, c.name);
  k.usage_error("unknown --class '" + name + "'; valid classes: " + valid);
}

}  // namespace vcb::npb
