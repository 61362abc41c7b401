@dead-letter @slow
Feature: Orders that cannot be processed
  An order the pricing rules reject (here: a negative price, from a producer that bypasses
  the API's checks) is tried twice by the task function and then moved to the dead-letter
  queue. The dead-letter processor records it for manual review, with the reason.

  Scenario: An order that cannot be priced is set aside for review after two attempts
    Given a producer bypassing the API queues an order with a negative price
    When the task function has tried it twice
    Then it is recorded for manual review with the reason "items[0].price: must be at least 0"
    And the task function tried it exactly twice
    And no invoice exists for it
    And its status is FAILED with the reason "items[0].price: must be at least 0"
    And the dead-letter statistics count it as recorded for review

  Scenario: While the dead-letter processor is paused, the failed order waits in the dead-letter queue
    Given the dead-letter processor is paused
    And a producer bypassing the API queues an order with a negative price
    When the task function has tried it twice
    Then the order waits in the dead-letter queue, received twice
    And the dead-letter statistics show a message waiting
    And it is not recorded for review while the processor is paused
    When the dead-letter processor is resumed
    Then it is recorded for manual review with the reason "items[0].price: must be at least 0"
    And the dead-letter queue no longer holds it

  Scenario: A poison order does not hold back the good orders sent with it
    Given a producer bypassing the API queues three good orders and one with a negative price together
    Then each good order is invoiced after a single attempt
    And the order with the negative price is recorded for manual review
    And no invoice exists for the order with the negative price
