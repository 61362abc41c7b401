Feature: Placing an order
  A customer orders through the API. The order is queued at once; the task function then
  prices it, keeps the invoice, and has the customer notified. The order's status follows.

  @smoke
  Scenario: A customer orders a laptop and two mice
    Given a signed-in customer
    When the customer orders a laptop and two mice
    Then the order is accepted and queued
    And an invoice appears with these lines:
      | product | quantity | unit price | line total |
      | Laptop  | 1        | 999.99     | 999.99     |
      | Mouse   | 2        | 24.99      | 49.98      |
    And the invoice shows a subtotal of 1049.97, a discount of 0.00 and a total of 1049.97
    And the customer is notified that the order totals 1049.97
    And the order's status becomes PROCESSED with a total of 1049.97
