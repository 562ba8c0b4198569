/**
 * A light type check of expressions against the case-data schema: a field compared with a literal
 * of another type, or with a value outside the field's enum, can never match — almost always a typo
 * ("category == 'potholes'" where the enum says "pothole").
 */
import type { CaseFieldSchema, JsonValue } from '../../../domain/definition';
import type { ExprNode } from '../../../domain/expressions';

function literalType(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function fits(schema: CaseFieldSchema, value: JsonValue): string | undefined {
  if (value === null) return undefined;
  if (schema.enum && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    return `${JSON.stringify(value)} is not one of its values (${schema.enum.map((v) => JSON.stringify(v)).join(', ')})`;
  }
  const type = schema.type === 'integer' ? 'number' : schema.type;
  if (type !== undefined && type !== literalType(value)) return `it is a ${schema.type}, not a ${literalType(value)}`;
  return undefined;
}

/** Messages for comparisons that can never hold. */
export function expressionTypeProblems(ast: ExprNode, fields: Readonly<Record<string, CaseFieldSchema>>): string[] {
  const problems: string[] = [];
  const fieldOf = (node: ExprNode): string | undefined =>
    node.k === 'field' && Object.prototype.hasOwnProperty.call(fields, node.name) ? node.name : undefined;
  const visit = (node: ExprNode): void => {
    switch (node.k) {
      case 'bin': {
        const pairs: [ExprNode, ExprNode][] = [
          [node.left, node.right],
          [node.right, node.left],
        ];
        for (const [a, b] of pairs) {
          const field = fieldOf(a);
          if (!field) continue;
          const schema = fields[field];
          if ((node.op === '==' || node.op === '!=') && b.k === 'lit') {
            const problem = fits(schema, b.v);
            if (problem)
              problems.push(
                `"${field}" ${node.op} ${JSON.stringify(b.v)} is ${node.op === '==' ? 'never' : 'always'} true: ${problem}`,
              );
          } else if (node.op === 'in' && a === node.left && b.k === 'list') {
            for (const item of b.items) {
              if (item.k !== 'lit') continue;
              const problem = fits(schema, item.v);
              if (problem)
                problems.push(`"${field}" in [...] lists ${JSON.stringify(item.v)}, which never matches: ${problem}`);
            }
          } else if (['<', '<=', '>', '>='].includes(node.op) && b.k === 'lit' && b.v !== null) {
            const type = schema.type === 'integer' ? 'number' : schema.type;
            if (type !== undefined && type !== literalType(b.v)) {
              problems.push(
                `"${field}" ${node.op} ${JSON.stringify(b.v)} compares a ${schema.type} with a ${literalType(b.v)}`,
              );
            }
          }
        }
        visit(node.left);
        visit(node.right);
        return;
      }
      case 'and':
      case 'or':
        visit(node.left);
        visit(node.right);
        return;
      case 'not':
      case 'neg':
        visit(node.arg);
        return;
      case 'cond':
        visit(node.test);
        visit(node.then);
        visit(node.else);
        return;
      case 'call':
        node.args.forEach(visit);
        return;
      case 'list':
        node.items.forEach(visit);
        return;
      case 'member':
        visit(node.object);
        return;
      case 'index':
        visit(node.object);
        visit(node.index);
        return;
      default:
        return;
    }
  };
  visit(ast);
  return problems;
}
