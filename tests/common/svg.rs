//! Reading the charts docket draws: every `<svg>` of a page as a tree of elements, strictly
//! (an unclosed or mismatched tag fails the test), so that tests can measure what is drawn.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct Node {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    pub children: Vec<Node>,
    /// The text directly inside, trimmed.
    pub text: String,
}

impl Node {
    pub fn attr(&self, name: &str) -> &str {
        self.attrs.get(name).map_or("", String::as_str)
    }

    pub fn num(&self, name: &str) -> f64 {
        self.attr(name)
            .parse()
            .unwrap_or_else(|_| panic!("<{}> has no number in `{name}`", self.name))
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class").split_whitespace().any(|c| c == class)
    }

    /// Every element below this one (not itself), in document order.
    pub fn descendants(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        for c in &self.children {
            out.push(c);
            out.extend(c.descendants());
        }
        out
    }

    pub fn with_class(&self, class: &str) -> Vec<&Node> {
        self.descendants()
            .into_iter()
            .filter(|n| n.has_class(class))
            .collect()
    }

    pub fn named(&self, name: &str) -> Vec<&Node> {
        self.descendants()
            .into_iter()
            .filter(|n| n.name == name)
            .collect()
    }

    /// The text of its `<title>` child.
    pub fn title(&self) -> &str {
        self.children
            .iter()
            .find(|c| c.name == "title")
            .map_or("", |t| t.text.as_str())
    }
}

/// Every chart (`<svg class="chart …">…</svg>`) in `html`, parsed; icons and logos are not.
pub fn charts(html: &str) -> Vec<Node> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg ") {
        let end = rest[start..]
            .find("</svg>")
            .unwrap_or_else(|| panic!("an <svg> is not closed"))
            + start
            + "</svg>".len();
        let svg = parse(&rest[start..end]);
        if svg.attr("class").split_whitespace().any(|c| c == "chart") {
            out.push(svg);
        }
        rest = &rest[end..];
    }
    out
}

/// One XML element with everything inside it.
pub fn parse(xml: &str) -> Node {
    let mut stack: Vec<Node> = vec![Node::default()];
    let mut rest = xml;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').expect("a closing tag ends");
            let name = after[..end].trim();
            let node = stack.pop().expect("a closing tag has an opening one");
            assert_eq!(node.name, name, "</{name}> closes <{}>", node.name);
            stack.last_mut().expect("a parent").children.push(node);
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = tag_end(after);
            let inner = &after[..end];
            let (inner, empty) = match inner.strip_suffix('/') {
                Some(i) => (i, true),
                None => (inner, false),
            };
            let node = element(inner);
            if empty {
                stack.last_mut().expect("a parent").children.push(node);
            } else {
                stack.push(node);
            }
            rest = &after[end + 1..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = unescape(rest[..end].trim());
            let top = stack.last_mut().expect("a parent");
            if !text.is_empty() {
                if !top.text.is_empty() {
                    top.text.push(' ');
                }
                top.text.push_str(&text);
            }
            rest = &rest[end..];
        }
    }
    assert_eq!(stack.len(), 1, "unclosed <{}>", stack.last().unwrap().name);
    stack
        .pop()
        .unwrap()
        .children
        .into_iter()
        .next()
        .expect("one element")
}

/// Where a tag ends: the first `>` outside quotes.
fn tag_end(s: &str) -> usize {
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return i,
            _ => {}
        }
    }
    panic!("a tag is not closed: {}", &s[..s.len().min(80)]);
}

fn element(inner: &str) -> Node {
    let inner = inner.trim();
    let (name, mut rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let mut attrs = BTreeMap::new();
    loop {
        rest = rest.trim_start();
        let Some(eq) = rest.find("=\"") else { break };
        let key = rest[..eq].trim().to_string();
        let after = &rest[eq + 2..];
        let close = after.find('"').expect("an attribute value ends");
        attrs.insert(key, unescape(&after[..close]));
        rest = &after[close + 1..];
    }
    Node {
        name: name.to_string(),
        attrs,
        ..Node::default()
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
