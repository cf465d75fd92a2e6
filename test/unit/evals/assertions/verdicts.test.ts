// Reading graders' replies the way models actually write them: fences, prose around JSON, bare letters.
import assert from 'node:assert/strict';
import { questionsOf } from '../../../../src/core/evals/assertions/answerRelevance';
import { closedQaVerdict } from '../../../../src/core/evals/assertions/closedQa';
import { factualityCategory } from '../../../../src/core/evals/assertions/factuality';
import { ratingOf } from '../../../../src/core/evals/assertions/ghBuiltin';
import { matchChoice } from '../../../../src/core/evals/assertions/ghLlm';
import { findJsonValues } from '../../../../src/core/evals/assertions/jsonScan';
import { selectedIndex } from '../../../../src/core/evals/assertions/selectBest';
import { fillSlots } from '../../../../src/core/evals/grading/prompts';
import { parseJsonVerdict, verdictBoolean, verdictNumber } from '../../../../src/core/evals/grading/verdict';

describe('grader replies', () => {
  it('finds the JSON verdict in a fence, after prose, or with text after it', () => {
    assert.deepEqual(parseJsonVerdict('```json\n{"pass": true}\n```'), { pass: true });
    assert.deepEqual(parseJsonVerdict('Sure. Here is my verdict: {"pass": false, "reason": "a } in text"} Hope it helps!'), { pass: false, reason: 'a } in text' });
    assert.deepEqual(parseJsonVerdict('[1, 2] then {"score": 3}'), { score: 3 });
    assert.equal(parseJsonVerdict('no json at all {oops}'), undefined);
    assert.deepEqual(findJsonValues('a [1, {"b": "]"}] z {"c": 2}'), [[1, { b: ']' }], { c: 2 }]);
  });

  it('reads loosely typed fields', () => {
    assert.deepEqual([verdictBoolean('Yes'), verdictBoolean('FAIL'), verdictBoolean('maybe')], [true, false, undefined]);
    assert.deepEqual([verdictNumber('0.8'), verdictNumber('4/5'), verdictNumber('high')], [0.8, 0.8, undefined]);
  });

  it('factuality: JSON category, a leading (X), or "category: X"', () => {
    assert.equal(factualityCategory('{"category": "(b)", "reason": "more"}')?.category, 'B');
    assert.equal(factualityCategory('(D) They disagree on the city.')?.category, 'D');
    assert.equal(factualityCategory('After comparing, the category is E.')?.category, 'E');
    assert.equal(factualityCategory('I cannot decide.'), undefined);
  });

  it('closed QA: the verdict on the last line', () => {
    assert.equal(closedQaVerdict('It names Paris.\nY'), 'Y');
    assert.equal(closedQaVerdict('Reasoning...\nVerdict: **No**.'), 'N');
    assert.equal(closedQaVerdict('It is Y-shaped but\nunclear'), undefined);
  });

  it('select-best: JSON best or the first number; ratings: JSON or the last lone digit 1-5', () => {
    assert.equal(selectedIndex('{"best": 3, "reason": "x"}'), 3);
    assert.equal(selectedIndex('Output 2 is best'), 2);
    assert.equal(ratingOf('{"rating": 5}'), 5);
    assert.equal(ratingOf('Let us think: 10 points, overall 4'), 4);
    assert.equal(ratingOf('no rating'), undefined);
  });

  it('llm choices: whole reply, last line, then the first contained', () => {
    const choices = [{ choice: 'no', score: 0 }, { choice: 'yes', score: 1 }];
    assert.equal(matchChoice('"Yes".', choices)?.choice, 'yes');
    assert.equal(matchChoice('Thinking about it: no doubt.\nyes', choices)?.choice, 'yes');
    assert.equal(matchChoice('I say yes, no question', choices)?.choice, 'no', "gh-models' rule: first choice in order contained");
    assert.equal(matchChoice('perhaps', choices), undefined);
  });

  it('questions from JSON or from lines ending with a question mark', () => {
    assert.deepEqual(questionsOf('{"questions": ["A?", " ", "B?"]}'), ['A?', 'B?']);
    assert.deepEqual(questionsOf('Here:\n1. What is X?\n- Why Y?\nThanks'), ['What is X?', 'Why Y?']);
  });

  it('fills prompt slots once, so output text is never read as a slot', () => {
    assert.equal(fillSlots('A {{output}} B {{rubric}} {{other}}', { output: 'has {{rubric}}', rubric: 'R' }), 'A has {{rubric}} B R {{other}}');
  });
});
