Feature: Placing an order
  A customer orders through the API. The order is queued at once; the task function then
  prices it, keeps the invoice, and has the customer notified. The order's status follows.
  An order the API cannot accept is rejected at once, naming the field that is wrong.

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

  @validation
  Scenario Outline: An order with <problem> is rejected, naming <field>
    Given a signed-in customer
    When the customer submits an order with <problem>
    Then the order is rejected as invalid, naming the field <field>
    And no invoice exists for it

    Examples:
      | problem                     | field             |
      | a negative price            | items[0].price    |
      | a quantity of zero          | items[0].quantity |
      | no items                    | items             |
      | a price with three decimals | items[1].price    |
      | a product without a name    | items[1].name     |
