@idempotency
Feature: Delivering the same order twice
  Queues deliver at least once, so the same order can reach the task function again. The
  invoice is written once; a repeat delivery changes nothing the customer sees.

  Scenario: A processed order delivered again keeps its one invoice, unchanged
    Given a signed-in customer
    And the customer's order of a laptop and two mice has been invoiced
    When the same order is delivered to the task function again
    Then the task function has handled the order twice
    And there is still exactly one invoice for the order, unchanged
    And the customer was notified exactly once
