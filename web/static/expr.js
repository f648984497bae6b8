// Skip logic without eval: evaluates a questionnaire universe given as the JSON tree that
// schemas/expressions.py (Expression.to_tree) derives from the same parsed expression the server
// evaluates over columns. Nothing is compiled, so the pages' Content-Security-Policy can forbid
// 'unsafe-eval'.
//
// Interface (a classic script; it defines one global):
//
//   SurveyExpr.evaluate(tree, lookup) -> boolean
//     tree    a node: {"and": [node, ...]} | {"or": [node, ...]} | {"not": node}
//             | {"cmp": "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in",
//                "left": operand, "right": operand}
//             operand: {"item": name} | {"const": number or text} | {"list": [number or text, ...]}
//     lookup  function (name) -> the item's value (a number or a text), or null when blank
//
//   SurveyExpr.parse(text) -> tree   (JSON.parse, for a tree carried in a data- attribute)
//
// Semantics, as on the server: a comparison with a blank (null) operand is false, "!=" and
// "not in" included; an order comparison between a number and a text is false. An unknown node
// throws an Error (the caller decides; the form shows the question).
(function (root) {
  "use strict";

  function operand(node, lookup) {
    if (Object.prototype.hasOwnProperty.call(node, "item")) {
      const value = lookup(node.item);
      return value === undefined ? null : value;
    }
    if (Object.prototype.hasOwnProperty.call(node, "const")) return node.const;
    if (Object.prototype.hasOwnProperty.call(node, "list")) return node.list;
    throw new Error("unknown operand " + JSON.stringify(node));
  }

  function compare(op, a, b) {
    if (a === null || b === null) return false;
    if (op === "in" || op === "not in") {
      if (!Array.isArray(b)) return false;
      return b.includes(a) === (op === "in");
    }
    if (op === "==") return a === b;
    if (op === "!=") return a !== b;
    if (typeof a !== typeof b) return false;
    if (op === "<") return a < b;
    if (op === "<=") return a <= b;
    if (op === ">") return a > b;
    if (op === ">=") return a >= b;
    throw new Error("unknown comparison " + op);
  }

  function evaluate(tree, lookup) {
    if (Array.isArray(tree.and)) return tree.and.every(function (n) { return evaluate(n, lookup); });
    if (Array.isArray(tree.or)) return tree.or.some(function (n) { return evaluate(n, lookup); });
    if (tree.not !== undefined) return !evaluate(tree.not, lookup);
    if (typeof tree.cmp === "string") {
      return compare(tree.cmp, operand(tree.left, lookup), operand(tree.right, lookup));
    }
    throw new Error("unknown node " + JSON.stringify(tree));
  }

  root.SurveyExpr = Object.freeze({ evaluate: evaluate, parse: JSON.parse });
})(typeof window !== "undefined" ? window : globalThis);
