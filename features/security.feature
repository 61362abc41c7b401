@security
Feature: Only signed-in customers reach their own orders
  Every call about orders needs a token the API issued and that is still valid. A customer
  sees only their own orders: another customer's order looks exactly like a missing one.

  Scenario: An order without a token is refused
    Given a customer who has not signed in
    When the customer orders a laptop and two mice
    Then the order is refused as unauthenticated
    And no invoice exists for it

  Scenario: An expired token is refused
    Given a customer whose token has expired
    When the customer orders a laptop and two mice
    Then the order is refused as unauthenticated

  Scenario: A token signed with another key is refused
    Given a customer holding a token signed with another key
    When the customer orders a laptop and two mice
    Then the order is refused as unauthenticated

  Scenario: A customer cannot see another customer's order
    Given a signed-in customer
    And another customer has placed an order
    When the customer asks for the other customer's order
    Then the answer is that no such order exists
