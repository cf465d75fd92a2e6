// The structured-output families: is-json, contains-json, is-xml, contains-xml, is-sql, is-valid-openai-tools-call.
import assert from 'node:assert/strict';
import { checkSql, SqlError, tablesOf } from '../../../../src/core/evals/assertions/sqlCheck';
import { parseXmlDocument } from '../../../../src/core/evals/assertions/xmlCheck';
import { assertFail, assertPass, resultOf, run } from './helpers';

const person = { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'] };

describe('assertions: structured output', () => {
  describe('is-json', () => {
    it('passes on JSON and fails on text, with the parser message', async () => {
      assertPass(await run({ type: 'is-json' }, ' {"a": 1} '));
      assertFail(await run({ type: 'is-json' }, 'Sure! {"a": 1}'), /not valid JSON \(Unexpected token/);
      assertFail(await run({ type: 'is-json' }, '```json\n{"a": 1}\n```'), /Markdown code fence/);
    });
    it('validates against a JSON Schema given as an object or as YAML text', async () => {
      assertPass(await run({ type: 'is-json', value: person }, '{"name": "Ada", "age": 36}'), /matches the schema/);
      assertFail(await run({ type: 'is-json', value: person }, '{"name": "Ada", "age": "36"}'), /output\/age must be integer/);
      assertFail(await run({ type: 'is-json', value: 'type: object\nrequired: [name]' }, '{}'), /must have required property 'name'/);
    });
    it('an invalid JSON Schema is an errored failure saying so', async () => {
      const r = await run({ type: 'is-json', value: { type: 'objekt' } }, '{}');
      assertFail(r, /JSON Schema is invalid: schema\/type must be equal to one of the allowed values/);
      assert.equal(r.errored, true);
      assert.equal((await run({ type: 'not-is-json', value: { type: 'objekt' } }, '{}')).pass, false);
    });
    it('understands 2020-12 schemas', async () => {
      const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'number' }], items: false };
      assertPass(await run({ type: 'is-json', value: schema }, '[1]'));
      assertFail(await run({ type: 'is-json', value: schema }, '[1, 2]'), /must NOT have more than 1 items/);
    });
  });

  describe('contains-json', () => {
    it('finds JSON inside prose and code fences', async () => {
      assertPass(await run({ type: 'contains-json' }, 'Here you go:\n```json\n{"name": "Ada", "age": 36}\n```\nAnything else?'));
      assertPass(await run({ type: 'contains-json', value: person }, 'first {"x": 1} then {"name": "Ada", "age": 36}'), /"name":"Ada"/);
      assertFail(await run({ type: 'contains-json' }, 'no braces {here}'), /contains no JSON object or array/);
      assertFail(await run({ type: 'contains-json', value: person }, 'result: {"name": "Ada"}'), /does not match the schema: output must have required property 'age'/);
    });
  });

  describe('is-xml and contains-xml', () => {
    it('is-xml accepts a document and names the first error with its place', async () => {
      assertPass(await run({ type: 'is-xml' }, '<?xml version="1.0"?>\n<!-- c --><a x="1"><b>t &amp; u</b><c/></a>'), /root <a>/);
      assertFail(await run({ type: 'is-xml' }, '<a><b></a>'), /<\/a> closes <b> opened at line 1, column 4 at line 1, column 7/);
      assertFail(await run({ type: 'is-xml' }, '<a>AT&T</a>'), /"&" must start an entity reference/);
      assertFail(await run({ type: 'is-xml' }, '<a/><b/>'), /a second root element/);
      assertFail(await run({ type: 'is-xml' }, 'just text'), /expected the root element/);
    });
    it('requires elements by dotted path', async () => {
      const xml = '<analysis><summary>ok</summary><scores><score>1</score></scores></analysis>';
      assertPass(await run({ type: 'is-xml', value: 'analysis.summary, analysis.scores.score' }, xml));
      assertFail(await run({ type: 'is-xml', value: { requiredElements: ['analysis.verdict'] } }, xml), /lacks the element analysis\.verdict/);
    });
    it('contains-xml finds an element in prose', async () => {
      assertPass(await run({ type: 'contains-xml', value: ['answer.city'] }, 'Sure: <answer><city>Paris</city></answer> Bye.'), /<answer>/);
      assertFail(await run({ type: 'contains-xml', value: ['answer.country'] }, 'Sure: <answer><city>Paris</city></answer>'), /lacks answer\.country/);
      assertFail(await run({ type: 'contains-xml' }, 'a < b and c > d'), /contains no XML element/);
      assertFail(await run({ type: 'contains-xml' }, 'see <answer>Paris</anwser>'), /no well-formed XML element: <\/anwser> closes <answer>/);
    });
    it('rejects what XML forbids', () => {
      for (const [text, reason] of [
        ['<a b=1/>', /must be in quotes/],
        ['<a b="1" b="2"/>', /appears twice/],
        ['<a><!-- x -- y --></a>', /"--" is not allowed/],
        ['<a><![CDATA[x</a>', /CDATA/],
        ['<a x="<"/>', /not allowed in the value/],
        ['<a>', /never closed/],
      ] as const) {
        const r = parseXmlDocument(text);
        assert.ok('error' in r, `${text} should be rejected`);
        assert.match(r.error, reason);
      }
    });
  });

  describe('is-sql', () => {
    it('accepts SQL statements', async () => {
      assertPass(await run({ type: 'is-sql' }, 'SELECT id, name FROM users WHERE age > 30 ORDER BY name;'));
      assertPass(await run({ type: 'is-sql' }, "WITH t AS (SELECT 1 AS x) SELECT x FROM t; INSERT INTO log (msg) VALUES ('it''s ok');"), /2 statements/);
      assertPass(await run({ type: 'is-sql' }, 'select extract(year from created_at) from orders -- yearly\n'));
    });
    it('fails on prose, unclosed quotes, dangling commas and cut-off clauses, saying where', async () => {
      assertFail(await run({ type: 'is-sql' }, 'Here is the query you asked for'), /starts with "Here" at line 1, column 1/);
      assertFail(await run({ type: 'is-sql' }, "SELECT * FROM users WHERE name = 'bob"), /string opened with ' is never closed/);
      assertFail(await run({ type: 'is-sql' }, 'SELECT id, FROM users'), /dangling comma before "FROM"/);
      assertFail(await run({ type: 'is-sql' }, 'SELECT id FROM users WHERE'), /ends right after "WHERE"/);
      assertFail(await run({ type: 'is-sql' }, 'SELECT id FROM users ORDER name'), /ORDER .* must be followed by BY/);
      assertFail(await run({ type: 'is-sql' }, 'SELECT (id FROM users'), /"\(" is never closed/);
      assertFail(await run({ type: 'is-sql' }, '```sql\nSELECT 1\n```'), /Markdown code fence/);
    });
    it('checks the tables against allowedTables', async () => {
      const value = { allowedTables: ['select::null::users', 'orders'] };
      assertPass(await run({ type: 'is-sql', value }, 'SELECT * FROM users u JOIN orders o ON o.user_id = u.id'));
      assertFail(await run({ type: 'is-sql', value }, 'SELECT * FROM users, secrets'), /uses table secrets, not in the allowed/);
      assertFail(await run({ type: 'is-sql', value }, 'DELETE FROM payments'), /uses table payments/);
    });
    it('lists tables without function arguments or CTE names', () => {
      const statements = checkSql('WITH recent AS (SELECT * FROM orders) SELECT EXTRACT(YEAR FROM d) FROM recent JOIN public.users ON true');
      assert.deepEqual(tablesOf(statements).sort(), ['orders', 'public.users']);
      assert.throws(() => checkSql('   -- only a comment'), SqlError);
    });
  });

  describe('is-valid-openai-tools-call', () => {
    const tools = [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const call = (args: string, name = 'get_weather') => resultOf('', { toolCalls: [{ id: 'c1', name, arguments: args }], finishReason: 'tool_calls' });
    it("passes on calls that match the prompt's tools", async () => {
      assertPass(await run({ type: 'is-valid-openai-tools-call' }, '', { tools, result: call('{"city": "Paris"}') }), /get_weather/);
    });
    it('fails on an unknown tool, arguments that are not JSON, or that break the schema', async () => {
      assertFail(await run({ type: 'is-valid-openai-tools-call' }, '', { tools, result: call('{}', 'send_email') }), /called "send_email", which is not one of the tools get_weather/);
      assertFail(await run({ type: 'is-valid-openai-tools-call' }, '', { tools, result: call('{city:') }), /arguments of get_weather are not JSON/);
      assertFail(await run({ type: 'is-valid-openai-tools-call' }, '', { tools, result: call('{"city": 7}') }), /arguments\/city must be string/);
      assertFail(await run({ type: 'is-valid-openai-tools-call' }, 'It is sunny.', { tools, result: resultOf('It is sunny.') }), /called no tool/);
    });
    it('reads calls from JSON output and tools from the value in OpenAI shape', async () => {
      const value = [{ type: 'function', function: tools[0] }];
      const output = JSON.stringify([{ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }]);
      assertPass(await run({ type: 'is-valid-openai-tools-call', value }, output));
      const none = await run({ type: 'is-valid-openai-tools-call' }, output);
      assertFail(none, /no tools to check against/);
      assert.equal(none.errored, true);
    });
  });
});
