---- MODULE ConstraintEdge ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = x + 1
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Bound == x <= 2
Reaches5 == <>(x = 5)
====
