#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace ark::cloud::aws {

// A parsed XML element: just enough of a DOM to read S3 and EC2 responses.
struct XmlElement {
  std::string name;  // local name, any "prefix:" removed
  std::string text;  // character data directly inside this element, entities decoded
  std::vector<XmlElement> children;

  // The first child named `name`, or nullptr.
  const XmlElement* Child(std::string_view child_name) const;
  // The text of the first child named `name`, "" when there is none.
  std::string ChildText(std::string_view child_name) const;
  // Every child named `name`, in document order.
  std::vector<const XmlElement*> Children(std::string_view child_name) const;
};

// Parses a whole document (expat). DataLoss naming `what` and the parser's message and line
// for malformed XML or nesting deeper than 64 levels.
Result<XmlElement> ParseXml(std::string_view text, std::string_view what);

// Escapes &, <, >, " and ' for element text and attribute values.
std::string XmlEscape(std::string_view text);

}  // namespace ark::cloud::aws
