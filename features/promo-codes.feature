@pricing
Feature: Promo codes
  A promo code takes a percentage off the subtotal: SAVE10 10 %, SAVE20 20 %, SAVE30 30 %,
  FREESHIP 5 %. The discount is rounded half-up to the cent. A code the shop does not know
  is refused, never silently ignored.

  Scenario Outline: A laptop and two mice with <promo> cost <total>
    Given a signed-in customer
    When the customer orders a laptop and two mice with <promo>
    Then the invoice shows a subtotal of <subtotal>, a discount of <discount> and a total of <total>

    Examples:
      | promo               | subtotal | discount | total   |
      | promo code SAVE10   | 1049.97  | 105.00   | 944.97  |
      | promo code SAVE20   | 1049.97  | 209.99   | 839.98  |
      | promo code SAVE30   | 1049.97  | 314.99   | 734.98  |
      | promo code FREESHIP | 1049.97  | 52.50    | 997.47  |
      | no promo code       | 1049.97  | 0.00     | 1049.97 |

  Scenario: An unknown promo code is refused, naming the code
    Given a signed-in customer
    When the customer orders a laptop and two mice with promo code SAVE99
    Then the order is refused because the promo code "SAVE99" is unknown
    And no invoice exists for it
