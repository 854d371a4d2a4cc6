// The lifecycle's pure rules (issue 26): promises within 60 days and at most what is left; plans of 1 to 60 increasing
// instalments summing to exactly what is left; payments cover instalments in order; a plan breaks only after an
// uncovered instalment's grace, and completes when all are covered.
import { describe, expect, it } from 'vitest';
import {
  planCoverage,
  planProblem,
  planState,
  promiseIsLate,
  promiseProblem,
} from '../src/modules/debt-collection/lifecycle-rules.js';

const today = '2027-01-10';

describe('promise rules', () => {
  it('takes an amount up to what is left, for today up to 60 days ahead', () => {
    expect(promiseProblem(1, today, 100, today)).toBeNull();
    expect(promiseProblem(100, '2027-03-11', 100, today)).toBeNull();
    expect(promiseProblem(100, '2027-03-12', 100, today)).toBe('La date promise doit tomber dans les 60 jours.');
    expect(promiseProblem(101, today, 100, today)).toBe('Le montant promis dépasse ce qui reste dû.');
    expect(promiseProblem(1.5, today, 100, today)).toBe('Le montant promis doit être un entier positif en FCFA.');
    expect(promiseProblem(1, '2027-01-09', 100, today)).toBe('La date promise est déjà passée.');
    expect(promiseProblem(1, '2027-02-29', 100, today)).toBe('La date promise n’est pas une date valide.');
    expect(promiseProblem(1, today, 0, today)).toBe('Plus rien n’est dû sur ce dossier.');
  });
  it('is late from the day after its date', () => {
    expect(promiseIsLate(today, today)).toBe(false);
    expect(promiseIsLate(today, '2027-01-11')).toBe(true);
  });
});

describe('plan rules', () => {
  const three = [
    { dueOn: '2027-01-15', amountXof: 30 },
    { dueOn: '2027-02-15', amountXof: 30 },
    { dueOn: '2027-03-15', amountXof: 40 },
  ];
  it('wants increasing dates from today and amounts summing to exactly what is left', () => {
    expect(planProblem(three, 100, today)).toBeNull();
    expect(planProblem(three, 101, today)).toContain('totalisent 100 FCFA alors que 101 FCFA');
    expect(planProblem([three[1]!, three[0]!, three[2]!], 100, today)).toBe(
      'Les échéances se suivent, chacune après la précédente.',
    );
    expect(planProblem([{ dueOn: '2027-01-09', amountXof: 100 }], 100, today)).toBe(
      'L’échéance 1 tombe avant aujourd’hui.',
    );
    expect(planProblem([], 100, today)).toBe('Un échéancier compte de 1 à 60 échéances.');
    expect(
      planProblem(
        Array.from({ length: 61 }, () => three[0]!),
        100,
        today,
      ),
    ).toContain('de 1 à 60');
  });
  it('covers instalments in order and breaks only past an uncovered one’s grace', () => {
    expect(planCoverage(three, 45)).toEqual([30, 15, 0]);
    expect(planCoverage(three, 500)).toEqual([30, 30, 40]);
    expect(planState(three, 30, 5, '2027-02-20')).toBe('active');
    expect(planState(three, 30, 5, '2027-02-21')).toBe('broken');
    expect(planState(three, 0, 0, '2027-01-16')).toBe('broken');
    expect(planState(three, 100, 0, '2027-12-31')).toBe('completed');
  });
});
