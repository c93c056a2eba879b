// After a move (htmx swaps the whole proposal), put the keyboard focus on the answer —
// the reason it was refused, or where the person is now — instead of losing it with the
// removed form. Without this script the move forms still work as plain posts.
document.addEventListener("htmx:afterSettle", (event) => {
  const source = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!source || !source.matches || !source.matches("form.move")) return;
  const proposal = document.getElementById("proposal");
  const answer = proposal && proposal.querySelector("[data-focus]");
  if (answer) answer.focus();
});
