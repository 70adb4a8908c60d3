#include "cloud/aws/xml.h"

#include <expat.h>

#include <memory>

namespace ark::cloud::aws {
namespace {

constexpr int kMaxDepth = 64;

struct ParseState {
  XmlElement root;
  std::vector<XmlElement*> stack;
  bool have_root = false;
  bool too_deep = false;
  XML_Parser parser = nullptr;
};

std::string LocalName(const char* name) {
  std::string_view n(name);
  auto colon = n.rfind(':');
  return std::string(colon == std::string_view::npos ? n : n.substr(colon + 1));
}

void OnStart(void* user, const XML_Char* name, const XML_Char** /*attrs*/) {
  auto* s = static_cast<ParseState*>(user);
  if (static_cast<int>(s->stack.size()) >= kMaxDepth) {
    s->too_deep = true;
    XML_StopParser(s->parser, XML_FALSE);
    return;
  }
  XmlElement* element;
  if (s->stack.empty()) {
    element = &s->root;
    s->have_root = true;
  } else {
    s->stack.back()->children.emplace_back();
    element = &s->stack.back()->children.back();
  }
  element->name = LocalName(name);
  s->stack.push_back(element);
}

void OnEnd(void* user, const XML_Char* /*name*/) {
  auto* s = static_cast<ParseState*>(user);
  if (!s->stack.empty()) s->stack.pop_back();
}

void OnText(void* user, const XML_Char* text, int len) {
  auto* s = static_cast<ParseState*>(user);
  if (!s->stack.empty()) s->stack.back()->text.append(text, static_cast<size_t>(len));
}

}  // namespace

const XmlElement* XmlElement::Child(std::string_view child_name) const {
  for (const auto& c : children) {
    if (c.name == child_name) return &c;
  }
  return nullptr;
}

std::string XmlElement::ChildText(std::string_view child_name) const {
  const XmlElement* c = Child(child_name);
  return c ? c->text : std::string();
}

std::vector<const XmlElement*> XmlElement::Children(std::string_view child_name) const {
  std::vector<const XmlElement*> out;
  for (const auto& c : children) {
    if (c.name == child_name) out.push_back(&c);
  }
  return out;
}

Result<XmlElement> ParseXml(std::string_view text, std::string_view what) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
      XML_ParserCreate("UTF-8"), &XML_ParserFree);
  if (!parser) return Internal("cannot create an XML parser");
  ParseState state;
  state.parser = parser.get();
  // The stack points into children vectors. Only the innermost open element's vector grows,
  // and none of its children is open then, so no pointer on the stack is invalidated.
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  if (XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), XML_TRUE) ==
          XML_STATUS_ERROR ||
      state.too_deep || !state.have_root) {
    std::string why = state.too_deep ? "nesting deeper than 64 levels"
                      : !state.have_root && XML_GetErrorCode(parser.get()) == XML_ERROR_NONE
                          ? "no root element"
                          : std::string(XML_ErrorString(XML_GetErrorCode(parser.get()))) +
                                " at line " +
                                std::to_string(XML_GetCurrentLineNumber(parser.get()));
    return DataLoss("malformed XML in " + std::string(what) + ": " + why);
  }
  return std::move(state.root);
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace ark::cloud::aws
