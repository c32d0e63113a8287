// Renderings of the feature table: Markdown (one row per environment), a terminal listing (cells
// are sentences, too wide for columns), CSV. Empty cells show their reason in every format.
#include <sstream>

#include "features/features.h"

namespace vcb {
namespace {

std::string cell_text(const nlohmann::json& cell) {
  if (!cell["value"].is_null()) return cell.value("text", "");
  return "- (" + cell.value("reason", "") + ")";
}

std::string markdown_escaped(std::string s) {
  for (size_t i = 0; (i = s.find('|', i)) != std::string::npos; i += 2) s.replace(i, 1, "\\|");
  return s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

std::string format_features_markdown(const nlohmann::json& table) {
  return "# vcbench features on " + table["host"].value("name", "") + "\n\nHost kernel " +
         table["host"].value("kernel_release", "") + "; written " + table.value("created", "") + ".\n\n" +
         features_markdown_table(table);
}

std::string features_markdown_table(const nlohmann::json& table) {
  std::ostringstream out;
  out << "| environment |";
  for (const auto& c : feature_columns) out << " " << c.heading << " |";
  out << "\n|---|";
  for (size_t i = 0; i < std::size(feature_columns); ++i) out << "---|";
  out << "\n";
  for (const auto& row : table["rows"]) {
    out << "| " << row.value("environment", "") << " |";
    for (const auto& c : feature_columns) out << " " << markdown_escaped(cell_text(row["cells"][c.key])) << " |";
    out << "\n";
  }
  out << "\n";
  for (const auto& [name, folder] : table["sources"].items())
    out << "- " << name << ": " << (folder.is_null() ? "no run found" : folder.get<std::string>()) << "\n";
  return out.str();
}

std::string format_features_table(const nlohmann::json& table) {
  std::ostringstream out;
  for (const auto& row : table["rows"]) {
    out << row.value("environment", "") << "\n";
    for (const auto& c : feature_columns) {
      char label[32];
      std::snprintf(label, sizeof label, "  %-20s ", c.heading);
      out << label << cell_text(row["cells"][c.key]) << "\n";
    }
  }
  return out.str();
}

std::string format_features_csv(const nlohmann::json& table) {
  std::ostringstream out;
  out << "environment,feature,value,text,reason\n";
  for (const auto& row : table["rows"])
    for (const auto& c : feature_columns) {
      const auto& cell = row["cells"][c.key];
      const std::string value = cell["value"].is_null() ? "" : cell["value"].is_string() ? cell["value"].get<std::string>()
                                                                                          : cell["value"].dump();
      out << csv_field(row.value("environment", "")) << ',' << c.key << ',' << csv_field(value) << ','
          << csv_field(cell.value("text", "")) << ',' << csv_field(cell.value("reason", "")) << "\n";
    }
  return out.str();
}

}  // namespace vcb
